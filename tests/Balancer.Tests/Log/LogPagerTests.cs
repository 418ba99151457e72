// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using System.Linq;
using Balancer.Core.Log;
using Balancer.Simulator.Storage;
using Xunit;

namespace Balancer.Tests.Log
{
    /// <summary>The log paged out in 20-byte chunks: the bytes as on flash, the older file first, resumable at any offset.</summary>
    public class LogPagerTests
    {
        [Fact]
        public void After_The_Files_Have_Turned_The_Older_Ones_Bytes_Come_First_And_A_Page_Resumes_Where_It_Stopped()
        {
            var (a, b) = (new FlashFileEmulator(), new FlashFileEmulator());
            var log = new RecoveryLog(a, b, capBytes: 100);
            log.Open();
            var payload = new byte[40];
            for (var session = 0; session < 3; session++)
            {
                log.RotateIfFull();
                for (var i = 0; i < 3; i++)
                {
                    payload[0] = (byte)((session * 10) + i);
                    log.Append((byte)LogRecordType.Event, i, payload, 0, 15);
                }

                log.Flush();
            }

            // Session 0 went to A, session 1 past the cap to B, session 2 back to A (emptied): B is now the older file.
            Assert.Equal(2, log.Rotations);
            var expected = b.Bytes.Concat(a.Bytes).ToArray();
            var pager = new LogPager(log);

            // From every offset, across the boundary between the two files, the rest of the log exactly.
            for (var offset = 0; offset <= expected.Length; offset++)
            {
                Assert.Equal(expected.Skip(offset).ToArray(), Page(pager, offset));
            }

            Assert.Empty(Page(pager, expected.Length + 100)); // past the end: only the end chunk
            Assert.False(pager.IsActive);
            Assert.False(pager.TryNextChunk(new byte[20], out _));
        }

        private static byte[] Page(LogPager pager, long offset)
        {
            pager.Start(offset);
            var frame = new byte[LogPager.ChunkFrameLength];
            var bytes = new List<byte>();
            while (pager.TryNextChunk(frame, out var length))
            {
                Assert.InRange(length, 7, 20);
                Assert.Equal(length - 3, frame[2]);
                bytes.AddRange(frame.Skip(7).Take(length - 7));
            }

            return bytes.ToArray();
        }
    }
}
