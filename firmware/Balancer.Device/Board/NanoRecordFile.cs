// SPDX-License-Identifier: MIT

using System.IO;
using Balancer.Core.Log;

namespace Balancer.Device.Board
{
    /// <summary>
    /// A record file on the ESP32's internal flash: nanoFramework's <c>I:</c> drive, LittleFS (nf-interpreter
    /// targets/ESP32/_littlefs). LittleFS keeps a file as it was at its last commit through any power cut, and commits
    /// only when the file is closed: nanoFramework's <c>FileStream.Flush</c> is an <c>fflush</c> that reaches LittleFS's
    /// write but not its sync. So appends go to a stream kept open, and <see cref="Flush"/> closes it. Each commit copies
    /// the file's last block: the writer batches its records and commits once per batch.
    /// </summary>
    internal sealed class NanoRecordFile : IRecordFile
    {
        private readonly string _path;
        private FileStream _reader;
        private FileStream _writer;
        private long _length = -1;

        /// <summary>
        /// The file at <paramref name="path"/> (for example <c>I:\log-a.bin</c>). Nothing touches the flash until the first
        /// call, which creates the file empty if it is not there: the boot opens every relay before it reads anything.
        /// </summary>
        public NanoRecordFile(string path) => _path = path;

        /// <inheritdoc/>
        public long Length
        {
            get
            {
                EnsureFile();
                return _length;
            }
        }

        /// <inheritdoc/>
        public int Read(long position, byte[] buffer, int offset, int count)
        {
            if (Length == 0)
            {
                return 0;
            }

            Flush(); // reads and writes never share a handle (the driver has no barrier between them)
            if (_reader == null)
            {
                _reader = new FileStream(_path, FileMode.Open, FileAccess.Read);
            }

            _reader.Seek(position, SeekOrigin.Begin);
            var total = 0;
            while (total < count)
            {
                var read = _reader.Read(buffer, offset + total, count - total);
                if (read <= 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }

        /// <inheritdoc/>
        public void Append(byte[] buffer, int offset, int count)
        {
            EnsureFile();
            CloseReader();
            if (_writer == null)
            {
                _writer = new FileStream(_path, FileMode.Append, FileAccess.Write);
            }

            try
            {
                _writer.Write(buffer, offset, count);
                _length += count;
            }
            catch (System.Exception)
            {
                // Part of the write may be in the file: commit what is there and measure it, so the length stays true. The
                // reader steps over the broken record.
                CloseWriter();
                _length = MeasureLength();
                throw;
            }
        }

        /// <inheritdoc/>
        public void Flush() => CloseWriter();

        /// <inheritdoc/>
        public void Truncate(long length)
        {
            EnsureFile();
            CloseReader();
            CloseWriter();
            var stream = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite);
            try
            {
                stream.SetLength(length);
            }
            finally
            {
                stream.Close();
            }

            _length = length;
        }

        private void EnsureFile()
        {
            if (_length >= 0)
            {
                return;
            }

            if (!File.Exists(_path))
            {
                new FileStream(_path, FileMode.Create, FileAccess.Write).Close();
            }

            _length = MeasureLength();
        }

        private long MeasureLength()
        {
            var stream = new FileStream(_path, FileMode.Open, FileAccess.Read);
            try
            {
                return stream.Length;
            }
            finally
            {
                stream.Close();
            }
        }

        private void CloseReader()
        {
            if (_reader != null)
            {
                var reader = _reader;
                _reader = null;
                reader.Close();
            }
        }

        /// <summary>Closes the write stream, which commits it; Close, not Dispose, so a failed commit throws.</summary>
        private void CloseWriter()
        {
            if (_writer != null)
            {
                var writer = _writer;
                _writer = null;
                try
                {
                    writer.Close();
                }
                catch (System.Exception)
                {
                    _length = -1; // the commit failed: what the file holds is measured again at the next call
                    throw;
                }
            }
        }
    }
}
