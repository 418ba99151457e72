// SPDX-License-Identifier: MIT

namespace Balancer.Core.Log
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF), four bits at a time from a
    /// 16-entry table: a fifth of the bit-by-bit loop's instructions on nanoCLR, which reads every record's CRC at boot, for
    /// 64 bytes of table instead of the 1 KB a byte table would keep on the heap. The table is built at the first use, not
    /// by a static initialiser: nanoCLR runs every static constructor at start-up, and a board without a log needs none.
    /// </summary>
    public static class Crc32
    {
        private static uint[] _nibbles;

        /// <summary>The CRC of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static uint Of(byte[] data, int offset, int count)
        {
            var table = _nibbles;
            if (table == null)
            {
                table = BuildNibbles();
                _nibbles = table; // two threads may both build it: the same values either way
            }

            var crc = 0xFFFFFFFFu;
            var end = offset + count;
            for (var i = offset; i < end; i++)
            {
                crc ^= data[i];
                crc = (crc >> 4) ^ table[crc & 0x0F];
                crc = (crc >> 4) ^ table[crc & 0x0F];
            }

            return ~crc;
        }

        private static uint[] BuildNibbles()
        {
            var table = new uint[16];
            for (uint n = 0; n < 16; n++)
            {
                var crc = n;
                for (var bit = 0; bit < 4; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
                }

                table[n] = crc;
            }

            return table;
        }
    }
}
