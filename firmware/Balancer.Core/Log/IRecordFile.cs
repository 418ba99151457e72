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

        /// <summary>Appends bytes and makes them durable before it returns (a power cut may leave only some of them).</summary>
        void Append(byte[] buffer, int offset, int count);

        /// <summary>Cuts the file back to <paramref name="length"/> bytes.</summary>
        void Truncate(long length);
    }
}
