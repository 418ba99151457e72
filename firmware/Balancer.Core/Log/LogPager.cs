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

        private readonly IRecordFile _a;
        private readonly IRecordFile _b;
        private readonly object _sync;
        private readonly byte[] _header = new byte[RecordLog.HeaderLength];
        private long _offset;
        private volatile bool _isActive;

        /// <summary>A pager over the log's two files; <paramref name="sync"/> is the lock the logging side writes under.</summary>
        public LogPager(IRecordFile a, IRecordFile b, object sync)
        {
            _a = a;
            _b = b;
            _sync = sync;
        }

        /// <summary>Whether chunks are still to be sent.</summary>
        public bool IsActive => _isActive;

        /// <summary>Starts (or restarts) paging at <paramref name="offset"/> bytes into the log: 0 from its oldest record.</summary>
        public void Start(long offset)
        {
            lock (_sync)
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

            lock (_sync)
            {
                // The older file is the one whose first record has the lower sequence number; an empty one holds nothing.
                var aFirst = FirstSequence(_a);
                var bFirst = FirstSequence(_b);
                var older = aFirst <= bFirst ? _a : _b;
                var newer = aFirst <= bFirst ? _b : _a;
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

        /// <summary>The sequence number of a file's first record; the largest value for an empty file, 0 for one that does not start with a record.</summary>
        private uint FirstSequence(IRecordFile file)
        {
            if (file.Length == 0)
            {
                return uint.MaxValue;
            }

            if (file.Length < RecordLog.HeaderLength || file.Read(0, _header, 0, RecordLog.HeaderLength) != RecordLog.HeaderLength
                || _header[0] != RecordLog.Magic)
            {
                return 0;
            }

            return (uint)LittleEndian.GetInt32(_header, 4);
        }
    }
}
