// SPDX-License-Identifier: MIT

using System;
using System.IO;
using Balancer.Core.Log;
using Balancer.Device.Board;
using Xunit;

namespace Balancer.Device.Emulated.Tests
{
    /// <summary>
    /// The device's record file, unchanged, over a file of the host (the host's FileStream has the members nanoFramework's
    /// has; LittleFS's commit-on-close is modelled by the simulator's flash emulator, and the device-side test checks it on
    /// a board).
    /// </summary>
    public sealed class NanoRecordFileTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("record-file-").FullName;

        [Fact]
        public void Nothing_Touches_The_Flash_Until_The_First_Call_Which_Creates_The_File_Empty()
        {
            var path = Path.Combine(_folder, "log-a.bin");
            var file = new NanoRecordFile(path);
            Assert.False(File.Exists(path));

            Assert.Equal(0, file.Length);
            Assert.True(File.Exists(path));
        }

        [Fact]
        public void Records_Appended_And_Committed_Read_Back_After_A_Reopen_And_A_Torn_Tail_Is_Cut()
        {
            var path = Path.Combine(_folder, "log-a.bin");
            var log = new RecordLog(new NanoRecordFile(path));
            log.Open();
            var payload = new byte[] { 1, 2, 3, 4, 5 };
            for (var i = 0; i < 3; i++)
            {
                Assert.True(log.Append((byte)(20 + i), 1_000 * i, payload, 0, payload.Length));
            }

            log.Flush();
            File.AppendAllText(path, "torn"); // bytes of a record that never finished

            var reopened = new RecordLog(new NanoRecordFile(path));
            reopened.Open();
            Assert.Equal(4, reopened.TornTailBytes);
            Assert.Equal(3 * (RecordLog.HeaderLength + payload.Length + RecordLog.TrailerLength), new FileInfo(path).Length);
            reopened.Rewind();
            for (var i = 0; i < 3; i++)
            {
                Assert.True(reopened.TryReadNext());
                Assert.Equal((byte)(20 + i), reopened.Type);
            }

            Assert.False(reopened.TryReadNext());
            Assert.True(reopened.Append(23, 3_000, payload, 0, payload.Length));
            reopened.Flush();
            Assert.Equal(4U + 1, reopened.NextSequence);
        }

        [Fact]
        public void A_Read_Between_Appends_Commits_First_And_Sees_Every_Byte()
        {
            var path = Path.Combine(_folder, "settings-a.bin");
            var file = new NanoRecordFile(path);
            file.Append(new byte[] { 9, 8, 7 }, 0, 3);
            var buffer = new byte[3];

            Assert.Equal(3, file.Read(0, buffer, 0, 3));
            Assert.Equal(new byte[] { 9, 8, 7 }, buffer);
            file.Append(new byte[] { 6 }, 0, 1);
            file.Truncate(2);
            Assert.Equal(2, file.Length);
            Assert.Equal(new byte[] { 9, 8 }, File.ReadAllBytes(path));
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
