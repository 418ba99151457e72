// SPDX-License-Identifier: MIT

using System;
using System.Device.I2c;
using Balancer.Drivers;

namespace Balancer.Device.Board
{
    /// <summary>The nanoFramework adapter for <see cref="II2cDevice"/>: one I²C device on the ESP32's bus.</summary>
    internal sealed class NanoI2cDevice : II2cDevice
    {
        private readonly I2cDevice _device;

        public NanoI2cDevice(int busId, int address)
        {
            Address = address;
            _device = new I2cDevice(new I2cConnectionSettings(busId, address, I2cBusSpeed.FastMode));
        }

        public int Address { get; }

        public I2cStatus Write(byte[] buffer, int length) =>
            ToStatus(_device.Write(new SpanByte(buffer, 0, length)), length);

        public I2cStatus WriteRead(byte[] writeBuffer, int writeLength, byte[] readBuffer, int readLength) =>
            ToStatus(
                _device.WriteRead(new SpanByte(writeBuffer, 0, writeLength), new SpanByte(readBuffer, 0, readLength)),
                writeLength + readLength);

        private static I2cStatus ToStatus(I2cTransferResult result, int expectedBytes)
        {
            switch (result.Status)
            {
                case I2cTransferStatus.FullTransfer:
                    return result.BytesTransferred == expectedBytes ? I2cStatus.Ok : I2cStatus.PartialTransfer;
                case I2cTransferStatus.SlaveAddressNotAcknowledged:
                    return I2cStatus.NoAcknowledge;
                case I2cTransferStatus.PartialTransfer:
                    return I2cStatus.PartialTransfer;
                default:
                    return I2cStatus.BusError;
            }
        }
    }
}
