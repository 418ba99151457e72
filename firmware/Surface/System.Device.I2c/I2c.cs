// API surface: nanoFramework.System.Device.I2c 1.1.29, assembly System.Device.I2c.
// Declarations typed from nanoframework/System.Device.I2c (tag v1.1.29), System.Device.I2c/*.cs.
// I2cDevice is concrete and its transfer methods are not virtual, so drivers never touch it directly:
// the board layer wraps it behind the project's own II2cDevice.

namespace System.Device.I2c
{
    public enum I2cBusSpeed
    {
        StandardMode,
        FastMode,
        FastModePlus,
    }

    public enum I2cTransferStatus
    {
        UnknownError,
        FullTransfer,
        ClockStretchTimeout,
        PartialTransfer,
        SlaveAddressNotAcknowledged,
    }

    public struct I2cTransferResult
    {
        private uint _bytesTransferred;
        private I2cTransferStatus _status;
        public uint BytesTransferred => throw null;
        public I2cTransferStatus Status => throw null;
    }

    public sealed class I2cConnectionSettings
    {
        public I2cConnectionSettings(int busId, int deviceAddress) { }
        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed) { }
        public int BusId => throw null;
        public int DeviceAddress => throw null;
        public I2cBusSpeed BusSpeed => throw null;
    }

    public class I2cDevice : IDisposable
    {
        public I2cDevice(I2cConnectionSettings settings) { }
        public I2cConnectionSettings ConnectionSettings => throw null;
        public byte ReadByte() => throw null;
        public I2cTransferResult Read(SpanByte buffer) => throw null;
        public I2cTransferResult WriteByte(byte value) => throw null;
        public I2cTransferResult Write(SpanByte buffer) => throw null;
        public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer) => throw null;
        public static I2cDevice Create(I2cConnectionSettings settings) => throw null;
        public void Dispose() => throw null;
    }
}
