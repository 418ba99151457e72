// SPDX-License-Identifier: MIT

namespace Balancer.Core
{
    /// <summary>Little-endian integers in byte buffers: the recovery log's records and the BLE frames. No allocation.</summary>
    public static class LittleEndian
    {
        /// <summary>The low 16 bits of <paramref name="value"/> at <paramref name="at"/>.</summary>
        public static void PutInt16(byte[] buffer, int at, int value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
        }

        /// <summary><paramref name="value"/> at <paramref name="at"/>, 4 bytes.</summary>
        public static void PutInt32(byte[] buffer, int at, int value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
            buffer[at + 2] = (byte)(value >> 16);
            buffer[at + 3] = (byte)(value >> 24);
        }

        /// <summary><paramref name="value"/> at <paramref name="at"/>, 8 bytes.</summary>
        public static void PutInt64(byte[] buffer, int at, long value)
        {
            PutInt32(buffer, at, (int)value);
            PutInt32(buffer, at + 4, (int)(value >> 32));
        }

        /// <summary>An unsigned 16-bit value at <paramref name="at"/>.</summary>
        public static int GetUInt16(byte[] buffer, int at) => buffer[at] | (buffer[at + 1] << 8);

        /// <summary>A signed 32-bit value at <paramref name="at"/>.</summary>
        public static int GetInt32(byte[] buffer, int at) =>
            buffer[at] | (buffer[at + 1] << 8) | (buffer[at + 2] << 16) | (buffer[at + 3] << 24);

        /// <summary>A signed 64-bit value at <paramref name="at"/>.</summary>
        public static long GetInt64(byte[] buffer, int at) =>
            (uint)GetInt32(buffer, at) | ((long)GetInt32(buffer, at + 4) << 32);
    }
}
