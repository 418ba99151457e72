// SPDX-License-Identifier: MIT

namespace Balancer.Core.Log
{
    /// <summary>
    /// Pages the recovery log out over BLE (docs/protocol.md, ReadLog and Log chunk): the log's bytes exactly as on flash,
    /// the older file's then the current one's, in chunks that fit a 20-byte notification. A client joins the chunks by
    /// their offsets and reads the records with their CRCs, as <c>report</c> does, so a log from a board and one from the
    /// simulator read the same. Reads happen under the log's lock, which the logging side holds while it writes; nothing is
    /// allocated per chunk.
    /// </summary>
    public sealed class LogPager
    {
        /// <summary>The frame type of a Log chunk.</summary>
        public const byte ChunkFrameType = 5;

        /// <summary>Log bytes per chunk: a 20-byte notification less the header and the offset.</summary>
        public const int ChunkBytes = 20 - 3 - 4;

        /// <summary>Bytes in a full chunk frame.</summary>
        public const int ChunkFrameLength = 20;

        private readonly RecoveryLog _log;
        private long _offset;
        private volatile bool _isActive;

        /// <summary>A pager over <paramref name="log"/>, locking it as the logging side does while it writes.</summary>
        public LogPager(RecoveryLog log) => _log = log;

        /// <summary>Whether chunks are still to be sent.</summary>
        public bool IsActive => _isActive;

        /// <summary>Starts (or restarts) paging at <paramref name="offset"/> bytes into the log: 0 from its oldest record.</summary>
        public void Start(long offset)
        {
            lock (_log)
            {
                _offset = offset < 0 ? 0 : offset;
                _isActive = true;
            }
        }

        /// <summary>
        /// Writes the next chunk frame into <paramref name="frame"/> (at least <see cref="ChunkFrameLength"/> bytes):
        /// <c>[1][5][4 + n][offset u32][n log bytes]</c>; the last one carries no bytes and its offset is the log's length.
        /// False, writing nothing, when no paging is under way.
        /// </summary>
        public bool TryNextChunk(byte[] frame, out int length)
        {
            length = 0;
            if (!_isActive)
            {
                return false;
            }

            lock (_log)
            {
                // The order the log itself keeps: the older file, then the current one.
                var older = _log.OlderFile;
                var newer = _log.CurrentFile;
                var olderLength = older.Length;
                var total = olderLength + newer.Length;
                var offset = _offset > total ? total : _offset;
                var count = total - offset < ChunkBytes ? (int)(total - offset) : ChunkBytes;
                var copied = 0;
                if (offset < olderLength)
                {
                    var fromOlder = olderLength - offset < count ? (int)(olderLength - offset) : count;
                    copied = older.Read(offset, frame, 7, fromOlder);
                }

                if (copied < count && offset + copied >= olderLength)
                {
                    copied += newer.Read(offset + copied - olderLength, frame, 7 + copied, count - copied);
                }

                frame[0] = 1;
                frame[1] = ChunkFrameType;
                frame[2] = (byte)(4 + copied);
                LittleEndian.PutInt32(frame, 3, (int)offset);
                _offset = offset + copied;
                if (copied == 0)
                {
                    _isActive = false;
                }

                length = 7 + copied;
                return true;
            }
        }
    }
}
