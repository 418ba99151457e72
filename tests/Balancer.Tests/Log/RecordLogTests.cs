// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using Balancer.Core.Log;
using Balancer.Simulator.Storage;
using Xunit;

namespace Balancer.Tests.Log
{
    /// <summary>The recovery log's record store against a flash file whose power can be cut after any byte of any write.</summary>
    public class RecordLogTests
    {
        private const int Records = 5;

        [Fact]
        public void The_CRC_Is_The_IEEE_One()
        {
            var text = "123456789"u8.ToArray();

            Assert.Equal(0xCBF43926u, Crc32.Of(text, 0, text.Length)); // the standard check value
        }

        [Fact]
        public void Records_Read_Back_In_Order_With_Their_Type_Time_And_Payload()
        {
            var file = new FlashFileEmulator();
            var log = Written(file, Records);

            log.Rewind();
            for (var i = 0; i < Records; i++)
            {
                Assert.True(log.TryReadNext());
                Assert.Equal((byte)(10 + i), log.Type);
                Assert.Equal((uint)(i + 1), log.Sequence);
                Assert.Equal(1_000L * i, log.TimeMilliseconds);
                Assert.Equal(Payload(i), log.Payload.AsSpan(log.PayloadOffset, log.PayloadLength).ToArray());
            }

            Assert.False(log.TryReadNext());
            Assert.Equal(0, log.CorruptRecords);
        }

        [Fact]
        public void A_Power_Cut_At_Any_Byte_Of_A_Write_Loses_That_Record_Only_And_The_Next_Open_Cuts_The_Tail()
        {
            var recordLength = RecordLog.HeaderLength + Payload(Records).Length + RecordLog.TrailerLength;
            for (var cut = 0; cut < recordLength; cut++)
            {
                var file = new FlashFileEmulator();
                var log = Written(file, Records);
                file.CutPowerAfter = cut;
                Assert.Throws<PowerCutException>(() => log.Append((byte)(10 + Records), 1_000L * Records, Payload(Records), 0, Payload(Records).Length));
                file.CutPowerAfter = null;

                // The reboot: a new log over the same flash.
                var reopened = new RecordLog(file);
                reopened.Open();

                Assert.Equal(cut, reopened.TornTailBytes);
                Assert.Equal(0, reopened.CorruptRecords);
                Assert.Equal((uint)(Records + 1), reopened.NextSequence);
                Assert.True(reopened.Append(99, 9_999, Payload(0), 0, 3));
                reopened.Rewind();
                var sequences = Enumerable.Range(0, Records + 1).Select(_ => reopened.TryReadNext() ? reopened.Sequence : 0u).ToArray();
                Assert.Equal(Enumerable.Range(1, Records + 1).Select(i => (uint)i), sequences);
                Assert.Equal(99, reopened.Type);
                Assert.False(reopened.TryReadNext());
            }
        }

        [Fact]
        public void Every_Flipped_Bit_Is_Detected_And_Costs_At_Most_Its_Own_Record()
        {
            var clean = new FlashFileEmulator();
            Written(clean, Records);
            var bytes = clean.Bytes.ToArray();
            for (var bit = 0; bit < bytes.Length * 8; bit++)
            {
                var file = new FlashFileEmulator();
                file.Bytes.AddRange(bytes);
                file.Bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                var log = new RecordLog(file);

                var read = 0;
                while (log.TryReadNext())
                {
                    var i = (int)log.Sequence - 1;
                    Assert.Equal((byte)(10 + i), log.Type); // a record that reads back is exactly what was written
                    Assert.Equal(Payload(i), log.Payload.AsSpan(log.PayloadOffset, log.PayloadLength).ToArray());
                    read++;
                }

                Assert.True(read >= Records - 1, $"bit {bit}: {read} records read");
                Assert.True(read == Records - 1, $"bit {bit}: a flipped bit went unnoticed");
            }
        }

        [Fact]
        public void A_Corrupt_Record_In_The_Middle_Is_Counted_And_Every_Later_One_Is_Read()
        {
            var file = new FlashFileEmulator();
            Written(file, Records);
            var second = RecordLog.HeaderLength + Payload(0).Length + RecordLog.TrailerLength;
            file.Bytes[second + RecordLog.HeaderLength] ^= 0xFF; // the second record's payload

            var log = new RecordLog(file);
            log.Open();

            Assert.Equal(1, log.CorruptRecords);
            Assert.Equal(0, log.TornTailBytes);
            log.Rewind();
            var sequences = Enumerable.Range(0, Records).Select(_ => log.TryReadNext() ? log.Sequence : 0u).Where(s => s != 0).ToArray();
            Assert.Equal(new uint[] { 1, 3, 4, 5 }, sequences);
        }

        [Fact]
        public void A_Payload_Too_Large_Is_Refused_And_Nothing_Is_Written()
        {
            var file = new FlashFileEmulator();
            var log = new RecordLog(file);

            Assert.False(log.Append(1, 0, new byte[RecordLog.MaximumPayload + 1], 0, RecordLog.MaximumPayload + 1));
            Assert.False(log.Append(1, 0, new byte[4], 2, 3));
            Assert.Equal(0, file.Length);
        }

        private static RecordLog Written(FlashFileEmulator file, int records)
        {
            var log = new RecordLog(file);
            log.Open();
            for (var i = 0; i < records; i++)
            {
                Assert.True(log.Append((byte)(10 + i), 1_000L * i, Payload(i), 0, Payload(i).Length));
            }

            return log;
        }

        /// <summary>A record's payload: a length and content that differ from record to record.</summary>
        private static byte[] Payload(int index) => Enumerable.Range(0, 7 + (index * 5)).Select(b => (byte)((b * 31) + index)).ToArray();
    }
}
