// SPDX-License-Identifier: MIT

namespace Balancer.Core.Log
{
    /// <summary>
    /// The one file the recovery log lives in: on the device a file on internal flash, on the host a file or memory. Bytes
    /// are only ever appended, or cut back to the end of the last whole record when a torn one is found.
    /// </summary>
    public interface IRecordFile
    {
        /// <summary>Bytes in the file.</summary>
        long Length { get; }

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns how many were read.</summary>
        int Read(long position, byte[] buffer, int offset, int count);

        /// <summary>
        /// Appends bytes. They are durable only after <see cref="Flush"/>: on the ESP32's LittleFS a power cut returns the
        /// file to its last commit; on a file system without that guarantee it may leave part of a write.
        /// </summary>
        void Append(byte[] buffer, int offset, int count);

        /// <summary>Makes everything appended so far durable (on the device: closes the file, which commits it).</summary>
        void Flush();

        /// <summary>Cuts the file back to <paramref name="length"/> bytes, durably.</summary>
        void Truncate(long length);
    }
}
