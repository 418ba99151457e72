// SPDX-License-Identifier: MIT

using System.IO;
using Balancer.Core.Log;
using Balancer.Device.Board;
using nanoFramework.TestFramework;

namespace Balancer.Device.Tests
{
    /// <summary>
    /// The recovery log's file on the internal flash (I:, LittleFS): what the host can only model. Needs nothing but the
    /// ESP32; uses its own file, removed afterwards, and leaves the firmware's log and settings alone.
    /// </summary>
    [TestClass]
    public class FlashTests
    {
        private const string TestFile = "I:\\balancer-flash-test.bin";

        [Setup]
        public static void RemoveTestFile()
        {
            if (File.Exists(TestFile))
            {
                File.Delete(TestFile);
            }
        }

        /// <summary>
        /// Records committed (the file closed) read back through a new handle, as a boot would read them, and the file
        /// goes on from the next sequence number.
        /// </summary>
        [TestMethod]
        public static void Records_Committed_To_The_Internal_Flash_Read_Back_Through_A_New_Handle()
        {
            RemoveTestFile(); // [Setup] runs once for the class, not before each test
            var log = new RecordLog(new NanoRecordFile(TestFile));
            log.Open();
            var payload = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
            for (var i = 0; i < 5; i++)
            {
                Assert.IsTrue(log.Append((byte)(30 + i), 1_000 * i, payload, 0, payload.Length));
            }

            log.Flush();

            var reopened = new RecordLog(new NanoRecordFile(TestFile));
            reopened.Open();
            Assert.AreEqual(0L, reopened.TornTailBytes);
            Assert.AreEqual(6, (int)reopened.NextSequence);
            reopened.Rewind();
            for (var i = 0; i < 5; i++)
            {
                Assert.IsTrue(reopened.TryReadNext());
                Assert.AreEqual((byte)(30 + i), reopened.Type);
                Assert.AreEqual(8, reopened.PayloadLength);
            }

            Assert.IsFalse(reopened.TryReadNext());
        }

        /// <summary>Cutting a file back keeps its first bytes: how the log drops a torn tail.</summary>
        [TestMethod]
        public static void A_File_Cut_Back_Keeps_Its_First_Bytes()
        {
            RemoveTestFile();
            var file = new NanoRecordFile(TestFile);
            file.Append(new byte[] { 5, 6, 7, 8 }, 0, 4);
            file.Flush();
            file.Truncate(2);

            var reopened = new NanoRecordFile(TestFile);
            var buffer = new byte[4];
            Assert.AreEqual(2L, reopened.Length);
            Assert.AreEqual(2, reopened.Read(0, buffer, 0, 4));
            Assert.AreEqual((byte)5, buffer[0]);
            Assert.AreEqual((byte)6, buffer[1]);
        }

        [Cleanup]
        public static void RemoveTestFileAfterwards() => RemoveTestFile();
    }
}
