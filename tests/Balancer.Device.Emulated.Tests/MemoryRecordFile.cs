// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Linq;
using Balancer.Core.Log;

namespace Balancer.Device.Emulated.Tests
{
    /// <summary>
    /// A record file in memory. Given a check, it runs it at the file's first use and keeps the answer: a test of the boot
    /// asks whether the relays were open when the flash was first touched.
    /// </summary>
    internal sealed class MemoryRecordFile : IRecordFile
    {
        private readonly Func<bool> _atFirstAccess;
        private bool _touched;

        public MemoryRecordFile(Func<bool> atFirstAccess = null) => _atFirstAccess = atFirstAccess;

        public List<byte> Bytes { get; } = new();

        /// <summary>What the check said at the first use (false before any).</summary>
        public bool HeldAtFirstAccess { get; private set; }

        public long Length
        {
            get
            {
                Touch();
                return Bytes.Count;
            }
        }

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            Touch();
            var n = (int)Math.Max(0, Math.Min(count, Bytes.Count - position));
            Bytes.CopyTo((int)position, buffer, offset, n);
            return n;
        }

        public void Append(byte[] buffer, int offset, int count)
        {
            Touch();
            Bytes.AddRange(buffer.Skip(offset).Take(count));
        }

        public void Flush()
        {
        }

        public void Truncate(long length)
        {
            Touch();
            Bytes.RemoveRange((int)length, Bytes.Count - (int)length);
        }

        private void Touch()
        {
            if (!_touched)
            {
                _touched = true;
                HeldAtFirstAccess = _atFirstAccess?.Invoke() ?? false;
            }
        }
    }
}
