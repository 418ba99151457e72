// SPDX-License-Identifier: MIT

namespace Balancer.Drivers
{
    /// <summary>
    /// One device on an I²C bus, addressed by the adapter that created it. Drivers depend on this interface, never
    /// on a platform's I²C class, so the same driver runs on the ESP32 and against a register-level emulator.
    /// </summary>
    /// <remarks>
    /// Buffers are passed with explicit lengths so a driver can allocate them once and reuse them on every read.
    /// Implementations must not throw on a bus failure: they report it through <see cref="I2cStatus"/>.
    /// </remarks>
    public interface II2cDevice
    {
        /// <summary>The 7-bit device address.</summary>
        int Address { get; }

        /// <summary>Writes the first <paramref name="length"/> bytes of <paramref name="buffer"/>.</summary>
        /// <returns><see cref="I2cStatus.Ok"/> when every byte was acknowledged.</returns>
        I2cStatus Write(byte[] buffer, int length);

        /// <summary>
        /// Writes <paramref name="writeLength"/> bytes, then reads <paramref name="readLength"/> bytes after a repeated start.
        /// </summary>
        /// <returns><see cref="I2cStatus.Ok"/> when the whole transfer completed.</returns>
        I2cStatus WriteRead(byte[] writeBuffer, int writeLength, byte[] readBuffer, int readLength);
    }
}
