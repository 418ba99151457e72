// SPDX-License-Identifier: MIT

namespace Balancer.Core.Log
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF), bit by bit: a record is
    /// written a few times a minute at most, and a 1 KB table would sit on the heap for nothing.
    /// </summary>
    public static class Crc32
    {
        /// <summary>The CRC of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static uint Of(byte[] data, int offset, int count)
        {
            var crc = 0xFFFFFFFFu;
            for (var i = offset; i < offset + count; i++)
            {
                crc ^= data[i];
                for (var bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
                }
            }

            return ~crc;
        }
    }
}
