// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using Balancer.Core.Log;

namespace Balancer.Simulator.Storage
{
    /// <summary>The power went while a write was under way: the bytes before the cut are on flash, the rest are not.</summary>
    public sealed class PowerCutException : Exception
    {
        /// <summary>A cut after <paramref name="written"/> bytes of the write.</summary>
        public PowerCutException(int written)
            : base($"power cut after {written} bytes of the write") => Written = written;

        /// <summary>Bytes of the write that reached flash.</summary>
        public int Written { get; }
    }

    /// <summary>
    /// A file on the ESP32's internal flash, in memory, with the two ways a power cut can treat it:
    /// <list type="bullet">
    /// <item>as LittleFS does (nanoFramework's <c>I:</c> drive): what was appended since the last commit is gone
    /// (<see cref="LosePower"/>). nanoFramework's <c>FileStream.Flush</c> does not commit there, only closing the file
    /// does, so the device adapter's <see cref="IRecordFile.Flush"/> closes it;</item>
    /// <item>as a file system without that guarantee would: appends land byte by byte, and a cut can be set to fall after
    /// any byte of any write (<see cref="CutPowerAfter"/>), leaving the bytes before it. The store must survive both.</item>
    /// </list>
    /// </summary>
    public sealed class FlashFileEmulator : IRecordFile
    {
        private readonly List<byte> _bytes = new();
        private int _committed;

        /// <summary>Bytes from here on, counted over every later write, are lost to a power cut; null: no cut.</summary>
        public long? CutPowerAfter { get; set; }

        /// <summary>Bytes appended so far.</summary>
        public long BytesWritten { get; private set; }

        /// <summary>Appends so far: each one a sync of the file on the device.</summary>
        public long Writes { get; private set; }

        /// <summary>The file's bytes, for a test to flip one.</summary>
        public List<byte> Bytes => _bytes;

        /// <inheritdoc/>
        public long Length => _bytes.Count;

        /// <inheritdoc/>
        public int Read(long position, byte[] buffer, int offset, int count)
        {
            var available = (int)Math.Max(0, Math.Min(count, _bytes.Count - position));
            _bytes.CopyTo((int)position, buffer, offset, available);
            return available;
        }

        /// <inheritdoc/>
        public void Append(byte[] buffer, int offset, int count)
        {
            Writes++;
            for (var i = 0; i < count; i++)
            {
                if (CutPowerAfter is long cut && cut <= 0)
                {
                    throw new PowerCutException(i);
                }

                _bytes.Add(buffer[offset + i]);
                BytesWritten++;
                if (CutPowerAfter is long left)
                {
                    CutPowerAfter = left - 1;
                }
            }
        }

        /// <inheritdoc/>
        public void Flush()
        {
            _committed = _bytes.Count;
            Commits++;
        }

        /// <summary>Commits so far (on LittleFS each one copies the file's last block and writes its metadata).</summary>
        public long Commits { get; private set; }

        /// <summary>Bytes appended since the last commit: what a power cut on LittleFS loses.</summary>
        public int Uncommitted => _bytes.Count - _committed;

        /// <inheritdoc/>
        public void Truncate(long length)
        {
            _bytes.RemoveRange((int)length, _bytes.Count - (int)length);
            _committed = _bytes.Count;
            Commits++;
        }

        /// <summary>The power goes, as LittleFS sees it: the file returns to its last commit.</summary>
        public void LosePower() => _bytes.RemoveRange(_committed, _bytes.Count - _committed);
    }
}
