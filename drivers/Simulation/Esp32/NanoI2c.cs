// SPDX-License-Identifier: MIT

// nanoFramework's System.Device.I2c 1.1.29 as it behaves on an ESP32, over EmulatedEsp32: a controller reaches the
// devices of the bus wired to the pads its data and clock functions are on, and nothing else.

using Balancer.Drivers;
using Balancer.Drivers.Simulation;
using Balancer.Drivers.Simulation.Esp32;

namespace System.Device.I2c
{
    /// <summary>Bus speeds.</summary>
    public enum I2cBusSpeed
    {
        /// <summary>100 kHz.</summary>
        StandardMode,

        /// <summary>400 kHz.</summary>
        FastMode,

        /// <summary>1 MHz.</summary>
        FastModePlus,
    }

    /// <summary>How a transfer ended.</summary>
    public enum I2cTransferStatus
    {
        /// <summary>Unknown error.</summary>
        UnknownError,

        /// <summary>Every byte moved.</summary>
        FullTransfer,

        /// <summary>The target held the clock too long.</summary>
        ClockStretchTimeout,

        /// <summary>Some bytes moved.</summary>
        PartialTransfer,

        /// <summary>No device acknowledged the address.</summary>
        SlaveAddressNotAcknowledged,
    }

    /// <summary>The outcome of a transfer.</summary>
    public struct I2cTransferResult
    {
        private readonly uint _bytesTransferred;
        private readonly I2cTransferStatus _status;

        internal I2cTransferResult(I2cTransferStatus status, uint bytesTransferred)
        {
            _status = status;
            _bytesTransferred = bytesTransferred;
        }

        /// <summary>Bytes moved.</summary>
        public uint BytesTransferred => _bytesTransferred;

        /// <summary>How the transfer ended.</summary>
        public I2cTransferStatus Status => _status;
    }

    /// <summary>Which bus and address a device is on.</summary>
    public sealed class I2cConnectionSettings
    {
        /// <summary>Fast mode by default, as the package's code (not its doc comment) has it.</summary>
        public I2cConnectionSettings(int busId, int deviceAddress)
            : this(busId, deviceAddress, I2cBusSpeed.FastMode)
        {
        }

        /// <summary>Settings with a speed.</summary>
        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed)
        {
            BusId = busId;
            DeviceAddress = deviceAddress;
            BusSpeed = busSpeed;
        }

        /// <summary>Bus 1 or 2.</summary>
        public int BusId { get; }

        /// <summary>7-bit address.</summary>
        public int DeviceAddress { get; }

        /// <summary>Speed.</summary>
        public I2cBusSpeed BusSpeed { get; }
    }

    /// <summary>One device on a bus of the current emulated chip.</summary>
    public class I2cDevice : IDisposable
    {
        private readonly EmulatedEsp32 _chip;

        /// <summary>Opens the device; the pads are looked up at each transfer, as the peripheral's routing is.</summary>
        public I2cDevice(I2cConnectionSettings settings)
        {
            _chip = EmulatedEsp32.Current;
            ConnectionSettings = settings;
        }

        /// <summary>The settings.</summary>
        public I2cConnectionSettings ConnectionSettings { get; }

        /// <summary>Creates a device.</summary>
        public static I2cDevice Create(I2cConnectionSettings settings) => new(settings);

        /// <summary>Reads one byte.</summary>
        public byte ReadByte()
        {
            var buffer = new byte[1];
            Read(buffer);
            return buffer[0];
        }

        /// <summary>Reads into the buffer.</summary>
        public I2cTransferResult Read(SpanByte buffer) => WriteRead(SpanByte.Empty, buffer);

        /// <summary>Writes one byte.</summary>
        public I2cTransferResult WriteByte(byte value) => Write(new[] { value });

        /// <summary>Writes the buffer.</summary>
        public I2cTransferResult Write(SpanByte buffer)
        {
            var endpoint = Endpoint();
            if (endpoint == null)
            {
                return new I2cTransferResult(I2cTransferStatus.SlaveAddressNotAcknowledged, 0);
            }

            var bytes = buffer.ToArray();
            return ToResult(endpoint.Write(bytes, bytes.Length), bytes.Length);
        }

        /// <summary>Writes, then reads with a repeated start.</summary>
        public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer)
        {
            var endpoint = Endpoint();
            if (endpoint == null)
            {
                return new I2cTransferResult(I2cTransferStatus.SlaveAddressNotAcknowledged, 0);
            }

            var written = writeBuffer.ToArray();
            var read = new byte[readBuffer.Length];
            var status = endpoint.WriteRead(written, written.Length, read, read.Length);
            for (var i = 0; i < read.Length; i++)
            {
                readBuffer[i] = read[i];
            }

            return ToResult(status, written.Length + read.Length);
        }

        /// <summary>Releases the device.</summary>
        public void Dispose()
        {
        }

        private II2cDevice Endpoint() => _chip.I2cBus(ConnectionSettings.BusId)?.CreateDevice(ConnectionSettings.DeviceAddress);

        private static I2cTransferResult ToResult(I2cStatus status, int length)
        {
            switch (status)
            {
                case I2cStatus.Ok:
                    return new I2cTransferResult(I2cTransferStatus.FullTransfer, (uint)length);
                case I2cStatus.NoAcknowledge:
                    return new I2cTransferResult(I2cTransferStatus.SlaveAddressNotAcknowledged, 0);
                case I2cStatus.PartialTransfer:
                    return new I2cTransferResult(I2cTransferStatus.PartialTransfer, 1);
                default:
                    return new I2cTransferResult(I2cTransferStatus.UnknownError, 0);
            }
        }
    }
}
