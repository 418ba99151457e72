// SPDX-License-Identifier: MIT

namespace Balancer.Core.Log
{
    /// <summary>
    /// An append-only log of records over an <see cref="IRecordFile"/> (spec §7). A record is
    /// <c>[0xB7][type u8][payload length u16][sequence u32][time ms i64][payload][CRC-32 u32]</c>, little-endian, the CRC
    /// over everything before it. Reading keeps every whole record: a torn or corrupt tail is dropped (and cut off when the
    /// log opens for writing); a corrupt record in the middle is counted and the reader finds the next valid one.
    /// Preallocated: a record is built in a buffer the log keeps.
    /// </summary>
    public sealed class RecordLog
    {
        /// <summary>The first byte of every record.</summary>
        public const byte Magic = 0xB7;

        /// <summary>Bytes before the payload.</summary>
        public const int HeaderLength = 16;

        /// <summary>Bytes after it: the CRC.</summary>
        public const int TrailerLength = 4;

        /// <summary>The largest payload, bytes.</summary>
        public const int MaximumPayload = 240;

        private readonly IRecordFile _file;
        private readonly byte[] _record = new byte[HeaderLength + MaximumPayload + TrailerLength];
        private long _position;

        /// <summary>A log over <paramref name="file"/>; call <see cref="Open"/> before writing.</summary>
        public RecordLog(IRecordFile file) => _file = file;

        /// <summary>The next record's sequence number.</summary>
        public uint NextSequence { get; private set; } = 1;

        /// <summary>Where the next record will be written: the end of the last whole record.</summary>
        public long EndOfRecords { get; private set; }

        /// <summary>Corrupt records found in the middle by the last <see cref="Open"/> or read pass.</summary>
        public int CorruptRecords { get; private set; }

        /// <summary>Bytes of a torn or corrupt tail the last <see cref="Open"/> cut off.</summary>
        public long TornTailBytes { get; private set; }

        /// <summary>The last record read: its type, sequence, time, payload length and payload (in <see cref="Payload"/>).</summary>
        public byte Type { get; private set; }

        /// <summary>The last record's sequence number.</summary>
        public uint Sequence { get; private set; }

        /// <summary>The last record's time, ms.</summary>
        public long TimeMilliseconds { get; private set; }

        /// <summary>The last record's payload length.</summary>
        public int PayloadLength { get; private set; }

        /// <summary>The last record's payload starts at <see cref="PayloadOffset"/> in this buffer.</summary>
        public byte[] Payload => _record;

        /// <summary>Where the payload starts in <see cref="Payload"/>.</summary>
        public int PayloadOffset => HeaderLength;

        /// <summary>
        /// Reads the whole log to find where it ends and the next sequence number, then cuts off a torn or corrupt tail so
        /// the next record follows the last whole one.
        /// </summary>
        public void Open()
        {
            Rewind();
            while (TryReadNext())
            {
            }

            TornTailBytes = _file.Length - EndOfRecords;
            if (TornTailBytes > 0)
            {
                _file.Truncate(EndOfRecords);
            }
        }

        /// <summary>Starts reading from the first record.</summary>
        public void Rewind()
        {
            _position = 0;
            CorruptRecords = 0;
        }

        /// <summary>
        /// Reads the next whole record into <see cref="Type"/>, <see cref="Sequence"/>, <see cref="TimeMilliseconds"/> and
        /// <see cref="Payload"/>. False at the end of the records: the end of the file, or a tail with no whole record in it.
        /// </summary>
        public bool TryReadNext()
        {
            var length = _file.Length;
            while (_position < length)
            {
                if (TryReadAt(_position, length, out var recordLength))
                {
                    _position += recordLength;
                    EndOfRecords = _position;
                    NextSequence = Sequence + 1;
                    return true;
                }

                // Not a record here. If a whole record follows somewhere, this was corruption in the middle: count it and
                // go on from there; if none does, this is the torn tail.
                var next = FindNextRecord(_position + 1, length);
                if (next < 0)
                {
                    return false;
                }

                CorruptRecords++;
                _position = next;
            }

            return false;
        }

        /// <summary>
        /// Empties the file and starts again at <paramref name="nextSequence"/>: the log's other file carries on the sequence
        /// when the two take turns (<see cref="RecoveryLog"/>).
        /// </summary>
        public void Clear(uint nextSequence)
        {
            _file.Truncate(0);
            _position = 0;
            EndOfRecords = 0;
            TornTailBytes = 0;
            CorruptRecords = 0;
            NextSequence = nextSequence;
        }

        /// <summary>
        /// Cuts the file back to <paramref name="end"/> bytes and the sequence back to <paramref name="nextSequence"/>: a
        /// batch that failed is taken back whole, so its records are not written twice when it is tried again.
        /// </summary>
        public void CutBack(long end, uint nextSequence)
        {
            _file.Truncate(end);
            EndOfRecords = end;
            NextSequence = nextSequence;
        }

        /// <summary>Makes every record appended so far durable: one commit for a batch of records.</summary>
        public void Flush() => _file.Flush();

        /// <summary>
        /// Appends a record; false, writing nothing, for a payload over <see cref="MaximumPayload"/>. Durable after
        /// <see cref="Flush"/>.
        /// </summary>
        public bool Append(byte type, long timeMilliseconds, byte[] payload, int offset, int count)
        {
            if (count < 0 || count > MaximumPayload || (count > 0 && (payload == null || offset < 0 || offset + count > payload.Length)))
            {
                return false;
            }

            var record = _record;
            record[0] = Magic;
            record[1] = type;
            LittleEndian.PutInt16(record, 2, count);
            LittleEndian.PutInt32(record, 4, (int)NextSequence);
            LittleEndian.PutInt64(record, 8, timeMilliseconds);
            for (var i = 0; i < count; i++)
            {
                record[HeaderLength + i] = payload[offset + i];
            }

            LittleEndian.PutInt32(record, HeaderLength + count, (int)Crc32.Of(record, 0, HeaderLength + count));
            var total = HeaderLength + count + TrailerLength;
            _file.Append(record, 0, total);
            EndOfRecords += total;
            NextSequence++;
            return true;
        }

        private bool TryReadAt(long position, long fileLength, out int recordLength)
        {
            recordLength = 0;
            if (fileLength - position < HeaderLength + TrailerLength || _file.Read(position, _record, 0, HeaderLength) != HeaderLength
                || _record[0] != Magic)
            {
                return false;
            }

            var count = LittleEndian.GetUInt16(_record, 2);
            recordLength = HeaderLength + count + TrailerLength;
            if (count > MaximumPayload || fileLength - position < recordLength
                || _file.Read(position + HeaderLength, _record, HeaderLength, count + TrailerLength) != count + TrailerLength
                || (uint)LittleEndian.GetInt32(_record, HeaderLength + count) != Crc32.Of(_record, 0, HeaderLength + count))
            {
                return false;
            }

            Type = _record[1];
            Sequence = (uint)LittleEndian.GetInt32(_record, 4);
            TimeMilliseconds = LittleEndian.GetInt64(_record, 8);
            PayloadLength = count;
            return true;
        }

        /// <summary>
        /// The position of the next whole record at or after <paramref name="from"/>, or −1. Only a whole record sets the
        /// last record's fields, so when none is found they stay those of the last one read.
        /// </summary>
        private long FindNextRecord(long from, long fileLength)
        {
            for (var at = from; at + HeaderLength + TrailerLength <= fileLength; at++)
            {
                if (_file.Read(at, _record, 0, 1) == 1 && _record[0] == Magic && TryReadAt(at, fileLength, out _))
                {
                    return at;
                }
            }

            return -1;
        }
    }
}
