// SPDX-License-Identifier: MIT

namespace Balancer.Core.Log
{
    /// <summary>
    /// The recovery log on flash: two record files that take turns, so the log keeps whole sessions inside a size cap
    /// (docs/recovery-log.md). Records go to the current file; when a session is about to start and the current file has
    /// passed the cap, the other file is emptied and becomes the current one, carrying on the sequence numbers. Reading
    /// goes through the older file, then the current one, in sequence order. A session is not split at the cap: one that
    /// outgrows it keeps its file up to twice the cap, and only then goes on in the other file.
    /// </summary>
    public sealed class RecoveryLog
    {
        private readonly RecordLog[] _files;
        private readonly IRecordFile[] _raw;
        private readonly long _capBytes;
        private int _current;
        private int _reading;
        private int _markFile;
        private long _markEnd;
        private uint _markSequence;

        /// <summary>A log over two files; <paramref name="capBytes"/> is the size past which a new session starts the other file.</summary>
        public RecoveryLog(IRecordFile a, IRecordFile b, long capBytes)
        {
            _files = new[] { new RecordLog(a), new RecordLog(b) };
            _raw = new[] { a, b };
            Record = _files[0];
            _capBytes = capBytes;
        }

        /// <summary>
        /// Opens both files (cutting a torn tail off each) and takes the one with the newest record as the current file.
        /// </summary>
        public void Open()
        {
            _files[0].Open();
            _files[1].Open();
            _current = _files[1].NextSequence > _files[0].NextSequence ? 1 : 0;
            TornTailBytes = _files[0].TornTailBytes + _files[1].TornTailBytes;
            CorruptRecords = _files[0].CorruptRecords + _files[1].CorruptRecords;
            Rewind();
        }

        /// <summary>The size cap of one file, bytes.</summary>
        public long CapBytes => _capBytes;

        /// <summary>Bytes of torn tails cut off by <see cref="Open"/>, both files.</summary>
        public long TornTailBytes { get; private set; }

        /// <summary>Corrupt records found in the middle by <see cref="Open"/>, both files.</summary>
        public int CorruptRecords { get; private set; }

        /// <summary>The file records go to.</summary>
        public IRecordFile CurrentFile => _raw[_current];

        /// <summary>The other file: the older records (or none).</summary>
        public IRecordFile OlderFile => _raw[1 - _current];

        /// <summary>Bytes in the current file.</summary>
        public long CurrentBytes => _files[_current].EndOfRecords;

        /// <summary>The next record's sequence number.</summary>
        public uint NextSequence => _files[_current].NextSequence;

        /// <summary>Times the files have swapped since <see cref="Open"/>.</summary>
        public int Rotations { get; private set; }

        /// <summary>The record last read by <see cref="TryReadNext"/>: its type, sequence, time and payload.</summary>
        public RecordLog Record { get; private set; }

        /// <summary>Starts reading from the oldest record.</summary>
        public void Rewind()
        {
            _reading = 0;
            _files[0].Rewind();
            _files[1].Rewind();
        }

        /// <summary>Reads the next record, the older file first; false after the last one. See <see cref="Record"/>.</summary>
        public bool TryReadNext()
        {
            while (_reading < 2)
            {
                var file = _files[_reading == 0 ? 1 - _current : _current];
                if (file.TryReadNext())
                {
                    Record = file;
                    return true;
                }

                _reading++;
            }

            return false;
        }

        /// <summary>
        /// Before a session's first record: when the current file has passed the cap, empties the other file and makes it
        /// the current one. A power cut in between leaves the emptied file empty and the full one current.
        /// </summary>
        public void RotateIfFull()
        {
            if (_files[_current].EndOfRecords >= _capBytes)
            {
                Rotate();
            }
        }

        private void Rotate()
        {
            _files[_current].Flush();
            var next = 1 - _current;
            _files[next].Clear(_files[_current].NextSequence);
            _current = next;
            Rotations++;
        }

        /// <summary>Makes every record appended so far durable.</summary>
        public void Flush() => _files[_current].Flush();

        /// <summary>Notes where a batch of records begins, for <see cref="AbandonBatch"/>.</summary>
        public void MarkBatch()
        {
            _markFile = _current;
            _markEnd = _files[_current].EndOfRecords;
            _markSequence = _files[_current].NextSequence;
        }

        /// <summary>
        /// Takes back every record of a batch that failed (since <see cref="MarkBatch"/>), so the retry writes them once:
        /// the current file is cut back to where the batch began, or emptied if the batch had turned to it.
        /// </summary>
        public void AbandonBatch()
        {
            _files[_current].CutBack(_current == _markFile ? _markEnd : 0, _markSequence);
        }

        /// <summary>
        /// Appends a record to the current file; false for a payload over <see cref="RecordLog.MaximumPayload"/>. A session
        /// that has filled its file to twice the cap goes on in the other one, which costs the older sessions: the flash is
        /// shared, and the log never holds more than four caps.
        /// </summary>
        public bool Append(byte type, long timeMilliseconds, byte[] payload, int offset, int count)
        {
            if (_files[_current].EndOfRecords >= 2 * _capBytes)
            {
                Rotate();
            }

            return _files[_current].Append(type, timeMilliseconds, payload, offset, count);
        }
    }
}
