// API surface: nanoFramework.Device.Bluetooth 1.1.123, assembly nanoFramework.Device.Bluetooth.
// The members the GATT adapter (firmware/Balancer.Device/Board/BleAdapter.cs) uses, typed from the library's source at
// tag v1.1.123 (nanoframework/nanoFramework.Device.Bluetooth): namespaces, types, signatures and enum values as declared
// there. Nothing else is declared, but Dispose, which BluetoothLEServer's IDisposable needs.

using System;
using nanoFramework.Device.Bluetooth;

namespace nanoFramework.Device.Bluetooth
{
    public class BluetoothLEServer : IDisposable
    {
        private BluetoothLEServer() { }
        public static BluetoothLEServer Instance => throw null;
        public string DeviceName { get => throw null; set => throw null; }
        public DevicePairing Pairing => throw null;
        public void Start() => throw null;
        public void Dispose() => throw null;
    }

    public enum BluetoothError
    {
        Success = 0,
        RadioNotAvailable = 1,
        ResourceInUse = 2,
        DeviceNotConnected = 3,
        OtherError = 4,
        DisabledByPolicy = 5,
        NotSupported = 6,
        DisabledByUser = 7,
        ConsentRequired = 8,
        TransportNotSupported = 9,
    }

    public class Buffer
    {
        public Buffer(byte[] array) { }
        public uint Length { get => throw null; set => throw null; }
    }

    public class DataReader
    {
        private DataReader() { }
        public static DataReader FromBuffer(Buffer buffer) => throw null;
        public void ReadBytes(byte[] value) => throw null;
    }

    public sealed class DevicePairing
    {
        private DevicePairing() { }
        public delegate void DevicePairingRequestedHandler(object sender, DevicePairingRequestedEventArgs args);
        public event DevicePairingRequestedHandler PairingRequested { add => throw null; remove => throw null; }
        public DevicePairingIOCapabilities IOCapabilities { get => throw null; set => throw null; }
        public DevicePairingProtectionLevel ProtectionLevel { get => throw null; set => throw null; }
        public bool AllowBonding { get => throw null; set => throw null; }
        public bool IsAuthenticated => throw null;
    }

    public class DevicePairingRequestedEventArgs
    {
        private DevicePairingRequestedEventArgs() { }
        public DevicePairingKinds PairingKind => throw null;
        public void Accept(int passkey) => throw null;
    }

    public enum DevicePairingKinds
    {
        None = 0,
        ConfirmOnly = 1,
        DisplayPin = 2,
        ProvidePin = 4,
        ConfirmPinMatch = 8,
    }

    public enum DevicePairingIOCapabilities
    {
        DisplayOnly = 0,
        DisplayYesNo = 1,
        KeyboardOnly = 2,
        NoInputNoOutput = 3,
        KeyboardDisplay = 4,
    }

    public enum DevicePairingProtectionLevel
    {
        Default = 0,
        None = 1,
        Encryption = 2,
        EncryptionAndAuthentication = 3,
    }
}

namespace nanoFramework.Device.Bluetooth.Security
{
    public static class DeviceBonding
    {
        public static void DeleteAllBonds() => throw null;
    }
}

namespace nanoFramework.Device.Bluetooth.GenericAttributeProfile
{
    public class GattServiceProvider
    {
        private GattServiceProvider() { }
        public static GattServiceProviderResult Create(Guid serviceUuid) => throw null;
        public GattLocalService Service => throw null;
        public void StartAdvertising(GattServiceProviderAdvertisingParameters parameters) => throw null;
        public GattServiceProviderAdvertisementStatus AdvertisementStatus => throw null;
    }

    public enum GattServiceProviderAdvertisementStatus
    {
        Created = 0,
        Stopped = 1,
        Started = 2,
        Aborted = 3,
        StartedWithoutAllAdvertisementData = 4,
    }

    public class GattServiceProviderResult
    {
        private GattServiceProviderResult() { }
        public BluetoothError Error => throw null;
        public GattServiceProvider ServiceProvider => throw null;
    }

    public class GattServiceProviderAdvertisingParameters
    {
        public GattServiceProviderAdvertisingParameters() { }
        public bool IsConnectable { get => throw null; set => throw null; }
        public bool IsDiscoverable { get => throw null; set => throw null; }
    }

    public class GattLocalService
    {
        private GattLocalService() { }
        public GattLocalCharacteristicResult CreateCharacteristic(Guid characteristicUuid, GattLocalCharacteristicParameters parameters) => throw null;
    }

    public class GattLocalCharacteristicResult
    {
        private GattLocalCharacteristicResult() { }
        public GattLocalCharacteristic Characteristic => throw null;
        public BluetoothError Error => throw null;
    }

    public class GattLocalCharacteristicParameters
    {
        public GattLocalCharacteristicParameters() { }
        public GattCharacteristicProperties CharacteristicProperties { get => throw null; set => throw null; }
        public GattProtectionLevel ReadProtectionLevel { get => throw null; set => throw null; }
        public GattProtectionLevel WriteProtectionLevel { get => throw null; set => throw null; }
        public string UserDescription { get => throw null; set => throw null; }
    }

    public class GattLocalCharacteristic
    {
        private GattLocalCharacteristic() { }
        public delegate void GattLocalCharacteristicReadEventHandler(GattLocalCharacteristic sender, GattReadRequestedEventArgs ReadRequestEventArgs);
        public delegate void GattLocalCharacteristicWriteEventHandler(GattLocalCharacteristic sender, GattWriteRequestedEventArgs WriteRequestEventArgs);
        public event GattLocalCharacteristicReadEventHandler ReadRequested { add => throw null; remove => throw null; }
        public event GattLocalCharacteristicWriteEventHandler WriteRequested { add => throw null; remove => throw null; }
        public GattSubscribedClient[] SubscribedClients => throw null;
        public GattClientNotificationResult[] NotifyValue(Buffer value) => throw null;
    }

    public class GattSubscribedClient
    {
        private GattSubscribedClient() { }
    }

    public class GattClientNotificationResult
    {
        private GattClientNotificationResult() { }
    }

    public class GattReadRequestedEventArgs
    {
        private GattReadRequestedEventArgs() { }
        public GattReadRequest GetRequest() => throw null;
    }

    public class GattReadRequest
    {
        private GattReadRequest() { }
        public void RespondWithValue(Buffer value) => throw null;
        public void RespondWithProtocolError(byte protocolError) => throw null;
    }

    public class GattWriteRequestedEventArgs
    {
        private GattWriteRequestedEventArgs() { }
        public GattWriteRequest GetRequest() => throw null;
    }

    public class GattWriteRequest
    {
        private GattWriteRequest() { }
        public Buffer Value => throw null;
        public void Respond() => throw null;
        public void RespondWithProtocolError(byte protocolError) => throw null;
    }

    public static class GattProtocolError
    {
        public static byte ReadNotPermitted => throw null;
    }

    [Flags]
    public enum GattCharacteristicProperties : uint
    {
        None = 0,
        Broadcast = 1,
        Read = 2,
        WriteWithoutResponse = 4,
        Write = 8,
        Notify = 16,
        Indicate = 32,
        AuthenticatedSignedWrites = 64,
        ExtendedProperties = 128,
        ReliableWrites = 256,
        WritableAuxiliaries = 512,
    }

    public enum GattProtectionLevel
    {
        Plain = 0,
        AuthenticationRequired = 1,
        EncryptionRequired = 2,
        EncryptionAndAuthenticationRequired = 3,
    }
}
