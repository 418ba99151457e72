// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;

namespace Balancer.Drivers.Simulation
{
    /// <summary>A device on the simulated bus, seen at the level of bytes on the wire.</summary>
    public interface II2cTarget
    {
        /// <summary>Whether the device acknowledges its address now.</summary>
        bool Acknowledges { get; }

        /// <summary>Receives the bytes of a write transfer.</summary>
        void OnWrite(ReadOnlySpan<byte> data);

        /// <summary>Supplies the bytes of a read transfer.</summary>
        void OnRead(Span<byte> data);
    }

    /// <summary>Faults of the bus itself, as opposed to one device's.</summary>
    public enum I2cBusFault
    {
        /// <summary>The bus works.</summary>
        None = 0,

        /// <summary>SDA or SCL held low: every transfer fails.</summary>
        Stuck = 1,

        /// <summary>Every transfer stops after its first byte.</summary>
        Truncating = 2,
    }

    /// <summary>
    /// An I²C bus with devices at addresses. It hands out <see cref="II2cDevice"/> endpoints exactly as the board
    /// layer does on the ESP32, so drivers cannot tell the difference.
    /// </summary>
    public sealed class SimulatedI2cBus
    {
        private readonly Dictionary<int, II2cTarget> _targets = new();

        /// <summary>The bus fault in force.</summary>
        public I2cBusFault Fault { get; set; }

        /// <summary>Transfers attempted, for counting register accesses per tick.</summary>
        public long TransferCount { get; private set; }

        /// <summary>Read transfers attempted (a pointer write followed by a read counts once).</summary>
        public long ReadTransferCount { get; private set; }

        /// <summary>Puts a device on the bus.</summary>
        public void Attach(int address, II2cTarget target) => _targets.Add(address, target);

        /// <summary>An endpoint for a device address, present or not.</summary>
        public II2cDevice CreateDevice(int address) => new Endpoint(this, address);

        private I2cStatus Write(int address, byte[] buffer, int length)
        {
            TransferCount++;
            if (!TryBegin(address, out var target, out var status))
            {
                return status;
            }

            if (Fault == I2cBusFault.Truncating && length > 1)
            {
                target.OnWrite(buffer.AsSpan(0, 1));
                return I2cStatus.PartialTransfer;
            }

            target.OnWrite(buffer.AsSpan(0, length));
            return I2cStatus.Ok;
        }

        private I2cStatus WriteRead(int address, byte[] writeBuffer, int writeLength, byte[] readBuffer, int readLength)
        {
            TransferCount++;
            ReadTransferCount++;
            if (!TryBegin(address, out var target, out var status))
            {
                return status;
            }

            target.OnWrite(writeBuffer.AsSpan(0, writeLength));
            if (Fault == I2cBusFault.Truncating)
            {
                target.OnRead(readBuffer.AsSpan(0, 1));
                return I2cStatus.PartialTransfer;
            }

            target.OnRead(readBuffer.AsSpan(0, readLength));
            return I2cStatus.Ok;
        }

        private bool TryBegin(int address, out II2cTarget target, out I2cStatus status)
        {
            target = null;
            if (Fault == I2cBusFault.Stuck)
            {
                status = I2cStatus.BusError;
                return false;
            }

            if (!_targets.TryGetValue(address, out target) || !target.Acknowledges)
            {
                status = I2cStatus.NoAcknowledge;
                return false;
            }

            status = I2cStatus.Ok;
            return true;
        }

        private sealed class Endpoint : II2cDevice
        {
            private readonly SimulatedI2cBus _bus;

            public Endpoint(SimulatedI2cBus bus, int address)
            {
                _bus = bus;
                Address = address;
            }

            public int Address { get; }

            public I2cStatus Write(byte[] buffer, int length) => _bus.Write(Address, buffer, length);

            public I2cStatus WriteRead(byte[] writeBuffer, int writeLength, byte[] readBuffer, int readLength) =>
                _bus.WriteRead(Address, writeBuffer, writeLength, readBuffer, readLength);
        }
    }
}
