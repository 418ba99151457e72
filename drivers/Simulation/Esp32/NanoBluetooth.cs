// SPDX-License-Identifier: MIT

// nanoFramework.Device.Bluetooth 1.1.123 as it behaves on an ESP32 (NimBLE), over EmulatedEsp32's radio: the members the
// adapter uses, with the behaviour of the library and nf-interpreter's native code, not the API's shape:
// - a characteristic's protection level becomes NimBLE's flags, and NimBLE refuses a write over a link that is not
//   encrypted (ATT 0x0F) or not authenticated (0x05) before the write event fires;
// - the event args carry no session: nothing tells the handler which link wrote;
// - with the default NoInputNoOutput, pairing is Just Works: encrypted, never authenticated; with DisplayOnly the
//   stack asks the app for the passkey to show (DisplayPin) and waits 2 s for Accept;
// - Pairing.IsAuthenticated is one flag for the whole server, set by a pairing and never cleared at a disconnect;
// - a write with no handler, or a handler that does not answer, gets ATT 0x0E (unlikely error);
// - NotifyValue copies the value for each subscribed client.

using System;
using System.Collections.Generic;
using Balancer.Drivers.Simulation.Esp32;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;

namespace nanoFramework.Device.Bluetooth
{
    /// <summary>The server singleton of the current chip's radio.</summary>
    public class BluetoothLEServer : IDisposable
    {
        internal BluetoothLEServer(EmulatedBleRadio radio)
        {
            Radio = radio;
            Pairing = new DevicePairing(radio);
        }

        /// <summary>The current chip's server.</summary>
        public static BluetoothLEServer Instance => EmulatedEsp32.Current.Radio.Server;

        /// <summary>The advertised name.</summary>
        public string DeviceName { get; set; } = "nanoFramework";

        /// <summary>Pairing settings and state (one for the server, not per link).</summary>
        public DevicePairing Pairing { get; }

        internal EmulatedBleRadio Radio { get; }

        internal bool IsStarted { get; private set; }

        /// <summary>Starts the server.</summary>
        public void Start() => IsStarted = true;

        /// <summary>Stops it.</summary>
        public void Dispose() => IsStarted = false;
    }

    /// <summary>Results.</summary>
    public enum BluetoothError
    {
        /// <summary>Success.</summary>
        Success = 0,

        /// <summary>No radio.</summary>
        RadioNotAvailable = 1,

        /// <summary>In use.</summary>
        ResourceInUse = 2,

        /// <summary>Not connected.</summary>
        DeviceNotConnected = 3,

        /// <summary>Other.</summary>
        OtherError = 4,

        /// <summary>Policy.</summary>
        DisabledByPolicy = 5,

        /// <summary>Not supported.</summary>
        NotSupported = 6,

        /// <summary>User.</summary>
        DisabledByUser = 7,

        /// <summary>Consent.</summary>
        ConsentRequired = 8,

        /// <summary>Transport.</summary>
        TransportNotSupported = 9,
    }

    /// <summary>A byte buffer that wraps the caller's array (as the library's does: no copy).</summary>
    public class Buffer
    {
        /// <summary>Wraps <paramref name="array"/>; the length is the array's.</summary>
        public Buffer(byte[] array)
        {
            Data = array;
            Length = (uint)array.Length;
        }

        /// <summary>Bytes in use; never beyond the array.</summary>
        public uint Length
        {
            get => _length;
            set => _length = value <= Data.Length ? value : throw new ArgumentException("beyond the buffer's capacity");
        }

        internal byte[] Data { get; }

        private uint _length;

        internal byte[] ToArray() => Data.AsSpan(0, (int)Length).ToArray();
    }

    /// <summary>Reads a buffer.</summary>
    public class DataReader
    {
        private readonly Buffer _buffer;
        private int _position;

        private DataReader(Buffer buffer) => _buffer = buffer;

        /// <summary>A reader over <paramref name="buffer"/>.</summary>
        public static DataReader FromBuffer(Buffer buffer) => new DataReader(buffer);

        /// <summary>Fills <paramref name="value"/> entirely; throws when the buffer has fewer bytes left.</summary>
        public void ReadBytes(byte[] value)
        {
            if (_buffer.Length - _position < value.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(value));
            }

            Array.Copy(_buffer.Data, _position, value, 0, value.Length);
            _position += value.Length;
        }
    }

    /// <summary>The server's pairing settings and its single pairing state.</summary>
    public sealed class DevicePairing
    {
        private readonly EmulatedBleRadio _radio;

        internal DevicePairing(EmulatedBleRadio radio) => _radio = radio;

        /// <summary>The handler type.</summary>
        public delegate void DevicePairingRequestedHandler(object sender, DevicePairingRequestedEventArgs args);

        /// <summary>The stack asks the app (for a passkey to show, a number to confirm…).</summary>
        public event DevicePairingRequestedHandler PairingRequested;

        /// <summary>The IO capabilities (default NoInputNoOutput: Just Works, never authenticated).</summary>
        public DevicePairingIOCapabilities IOCapabilities { get; set; } = DevicePairingIOCapabilities.NoInputNoOutput;

        /// <summary>The protection level asked at pairing.</summary>
        public DevicePairingProtectionLevel ProtectionLevel { get; set; } = DevicePairingProtectionLevel.None;

        /// <summary>Whether pairing bonds.</summary>
        public bool AllowBonding { get; set; } = true;

        /// <summary>Set by an authenticated pairing; one flag for the server, never cleared at a disconnect.</summary>
        public bool IsAuthenticated { get; internal set; }

        internal bool Raise(DevicePairingRequestedEventArgs args)
        {
            PairingRequested?.Invoke(this, args);
            return args.IsAccepted;
        }

        internal EmulatedBleRadio Radio => _radio;
    }

    /// <summary>A request from the stack during pairing.</summary>
    public class DevicePairingRequestedEventArgs
    {
        internal DevicePairingRequestedEventArgs(DevicePairingKinds kind) => PairingKind = kind;

        /// <summary>What the stack asks for.</summary>
        public DevicePairingKinds PairingKind { get; }

        internal bool IsAccepted { get; private set; }

        internal int Passkey { get; private set; }

        /// <summary>Answers with the passkey to show (DisplayPin) or enter.</summary>
        public void Accept(int passkey)
        {
            IsAccepted = true;
            Passkey = passkey;
        }
    }

    /// <summary>Pairing kinds.</summary>
    public enum DevicePairingKinds
    {
        /// <summary>None.</summary>
        None = 0,

        /// <summary>Confirm only.</summary>
        ConfirmOnly = 1,

        /// <summary>Show a passkey the peer types.</summary>
        DisplayPin = 2,

        /// <summary>Enter the peer's passkey.</summary>
        ProvidePin = 4,

        /// <summary>Compare numbers.</summary>
        ConfirmPinMatch = 8,
    }

    /// <summary>IO capabilities, as NimBLE's sm_io_cap.</summary>
    public enum DevicePairingIOCapabilities
    {
        /// <summary>Display only.</summary>
        DisplayOnly = 0,

        /// <summary>Display and yes/no.</summary>
        DisplayYesNo = 1,

        /// <summary>Keyboard only.</summary>
        KeyboardOnly = 2,

        /// <summary>Nothing: Just Works.</summary>
        NoInputNoOutput = 3,

        /// <summary>Keyboard and display.</summary>
        KeyboardDisplay = 4,
    }

    /// <summary>Protection levels asked at pairing.</summary>
    public enum DevicePairingProtectionLevel
    {
        /// <summary>Default.</summary>
        Default = 0,

        /// <summary>None.</summary>
        None = 1,

        /// <summary>Encryption.</summary>
        Encryption = 2,

        /// <summary>Encryption and authentication (MITM).</summary>
        EncryptionAndAuthentication = 3,
    }
}

namespace nanoFramework.Device.Bluetooth.Security
{
    /// <summary>The bonds NimBLE keeps.</summary>
    public static class DeviceBonding
    {
        /// <summary>Forgets every bond.</summary>
        public static void DeleteAllBonds() => EmulatedEsp32.Current.Radio.DeleteAllBonds();
    }
}

namespace nanoFramework.Device.Bluetooth.GenericAttributeProfile
{
    /// <summary>A service the app provides.</summary>
    public class GattServiceProvider
    {
        internal GattServiceProvider(EmulatedBleRadio radio, Guid uuid)
        {
            Radio = radio;
            Service = new GattLocalService(radio, uuid);
        }

        /// <summary>The service.</summary>
        public GattLocalService Service { get; }

        internal EmulatedBleRadio Radio { get; }

        internal GattServiceProviderAdvertisingParameters Advertising { get; private set; }

        /// <summary>Creates a service (always Success, as the library's).</summary>
        public static GattServiceProviderResult Create(Guid serviceUuid) =>
            new GattServiceProviderResult(EmulatedEsp32.Current.Radio.AddService(serviceUuid));

        /// <summary>
        /// Where advertising stands: Created until <see cref="StartAdvertising"/>, then Started, or
        /// StartedWithoutAllAdvertisementData when a section fitted neither the advertising packet nor the scan response.
        /// </summary>
        public GattServiceProviderAdvertisementStatus AdvertisementStatus { get; private set; }

        /// <summary>
        /// Starts advertising as nanoFramework.Device.Bluetooth 1.1.123 builds it (BluetoothLEAdvertisement.
        /// CreateLegacyAdvertisements): the sections in order, flags (3 bytes), the complete local name the parameters
        /// took when they were constructed (2 + its UTF-8 bytes), then the 128-bit service UUID (18); each goes into the
        /// 31-byte advertising packet if it still fits there, else into the 31-byte scan response, else it is left off.
        /// </summary>
        public void StartAdvertising(GattServiceProviderAdvertisingParameters parameters)
        {
            Advertising = parameters;
            var sections = new[] { ("flags", 3), ("name", 2 + System.Text.Encoding.UTF8.GetByteCount(parameters.LocalName)), ("service", 18) };
            int advert = 0, response = 0;
            var advertised = new List<string>();
            var inResponse = new List<string>();
            var left = new List<(string Name, int Length)>();
            foreach (var section in sections)
            {
                if (advert + section.Item2 <= LegacyPacketBytes)
                {
                    advert += section.Item2;
                    advertised.Add(section.Item1);
                }
                else
                {
                    left.Add(section);
                }
            }

            var allFit = true;
            foreach (var section in left)
            {
                if (response + section.Length <= LegacyPacketBytes)
                {
                    response += section.Length;
                    inResponse.Add(section.Name);
                }
                else
                {
                    allFit = false;
                }
            }

            AdvertisedSections = advertised;
            ScanResponseSections = inResponse;
            AdvertisementStatus = allFit ? GattServiceProviderAdvertisementStatus.Started : GattServiceProviderAdvertisementStatus.StartedWithoutAllAdvertisementData;
        }

        /// <summary>The legacy advertising packet's and the scan response's payload, bytes.</summary>
        internal const int LegacyPacketBytes = 31;

        /// <summary>The sections in the advertising packet ("flags", "name", "service"), in order.</summary>
        internal IReadOnlyList<string> AdvertisedSections { get; private set; } = Array.Empty<string>();

        /// <summary>The sections moved to the scan response, in order.</summary>
        internal IReadOnlyList<string> ScanResponseSections { get; private set; } = Array.Empty<string>();
    }

    /// <summary>Where a provider's advertising stands (nanoFramework.Device.Bluetooth 1.1.123).</summary>
    public enum GattServiceProviderAdvertisementStatus
    {
        /// <summary>Not started.</summary>
        Created = 0,

        /// <summary>Stopped.</summary>
        Stopped = 1,

        /// <summary>Advertising with every section.</summary>
        Started = 2,

        /// <summary>Aborted.</summary>
        Aborted = 3,

        /// <summary>Advertising, but a section fitted neither the packet nor the scan response.</summary>
        StartedWithoutAllAdvertisementData = 4,
    }

    /// <summary>The result of <see cref="GattServiceProvider.Create"/>.</summary>
    public class GattServiceProviderResult
    {
        internal GattServiceProviderResult(GattServiceProvider provider) => ServiceProvider = provider;

        /// <summary>Always Success.</summary>
        public BluetoothError Error => BluetoothError.Success;

        /// <summary>The provider.</summary>
        public GattServiceProvider ServiceProvider { get; }
    }

    /// <summary>Advertising parameters (both true by default at 1.1.123).</summary>
    public class GattServiceProviderAdvertisingParameters
    {
        /// <summary>
        /// Takes the server's device name now, as the library's constructor copies it into its advertisement: a name set
        /// after the parameters were made is not advertised.
        /// </summary>
        public GattServiceProviderAdvertisingParameters() => LocalName = EmulatedEsp32.Current.Radio.Server.DeviceName;

        /// <summary>The complete local name the advertisement carries.</summary>
        internal string LocalName { get; }

        /// <summary>Connectable.</summary>
        public bool IsConnectable { get; set; } = true;

        /// <summary>Discoverable.</summary>
        public bool IsDiscoverable { get; set; } = true;
    }

    /// <summary>A local service.</summary>
    public class GattLocalService
    {
        private readonly EmulatedBleRadio _radio;

        internal GattLocalService(EmulatedBleRadio radio, Guid uuid)
        {
            _radio = radio;
            Uuid = uuid;
        }

        internal Guid Uuid { get; }

        /// <summary>Adds a characteristic (always Success).</summary>
        public GattLocalCharacteristicResult CreateCharacteristic(Guid characteristicUuid, GattLocalCharacteristicParameters parameters) =>
            new GattLocalCharacteristicResult(_radio.AddCharacteristic(characteristicUuid, parameters));
    }

    /// <summary>The result of <see cref="GattLocalService.CreateCharacteristic"/>.</summary>
    public class GattLocalCharacteristicResult
    {
        internal GattLocalCharacteristicResult(GattLocalCharacteristic characteristic) => Characteristic = characteristic;

        /// <summary>The characteristic.</summary>
        public GattLocalCharacteristic Characteristic { get; }

        /// <summary>Always Success.</summary>
        public BluetoothError Error => BluetoothError.Success;
    }

    /// <summary>A characteristic's parameters.</summary>
    public class GattLocalCharacteristicParameters
    {
        /// <summary>Properties.</summary>
        public GattCharacteristicProperties CharacteristicProperties { get; set; }

        /// <summary>Read protection (Plain by default).</summary>
        public GattProtectionLevel ReadProtectionLevel { get; set; }

        /// <summary>Write protection (Plain by default).</summary>
        public GattProtectionLevel WriteProtectionLevel { get; set; }

        /// <summary>Description.</summary>
        public string UserDescription { get; set; } = string.Empty;
    }

    /// <summary>A characteristic of the app's service.</summary>
    public class GattLocalCharacteristic
    {
        private readonly List<GattSubscribedClient> _subscribed = new();

        internal GattLocalCharacteristic(Guid uuid, GattLocalCharacteristicParameters parameters)
        {
            Uuid = uuid;
            Properties = parameters.CharacteristicProperties;
            ReadProtection = parameters.ReadProtectionLevel;
            WriteProtection = parameters.WriteProtectionLevel;
        }

        /// <summary>Read handler type.</summary>
        public delegate void GattLocalCharacteristicReadEventHandler(GattLocalCharacteristic sender, GattReadRequestedEventArgs ReadRequestEventArgs);

        /// <summary>Write handler type.</summary>
        public delegate void GattLocalCharacteristicWriteEventHandler(GattLocalCharacteristic sender, GattWriteRequestedEventArgs WriteRequestEventArgs);

        /// <summary>A client reads.</summary>
        public event GattLocalCharacteristicReadEventHandler ReadRequested;

        /// <summary>A client writes (only once NimBLE let the write through).</summary>
        public event GattLocalCharacteristicWriteEventHandler WriteRequested;

        /// <summary>The clients subscribed to notifications.</summary>
        public GattSubscribedClient[] SubscribedClients => _subscribed.ToArray();

        internal Guid Uuid { get; }

        internal GattCharacteristicProperties Properties { get; }

        internal GattProtectionLevel ReadProtection { get; }

        internal GattProtectionLevel WriteProtection { get; }

        /// <summary>Sends the value to each subscribed client, a copy each.</summary>
        public GattClientNotificationResult[] NotifyValue(Buffer value)
        {
            var results = new GattClientNotificationResult[_subscribed.Count];
            for (var i = 0; i < _subscribed.Count; i++)
            {
                _subscribed[i].Phone.Notified(Uuid, value.ToArray());
                results[i] = new GattClientNotificationResult();
            }

            return results;
        }

        internal void Subscribe(EmulatedPhone phone) => _subscribed.Add(new GattSubscribedClient(phone));

        internal byte Write(byte[] value)
        {
            if (WriteRequested == null)
            {
                return GattProtocolError.UnlikelyError;
            }

            var request = new GattWriteRequest(new Buffer(value));
            WriteRequested(this, new GattWriteRequestedEventArgs(request));
            return request.Answer ?? GattProtocolError.UnlikelyError;
        }

        internal byte Read(out byte[] value)
        {
            value = null;
            if (ReadRequested == null)
            {
                return GattProtocolError.UnlikelyError;
            }

            var request = new GattReadRequest();
            ReadRequested(this, new GattReadRequestedEventArgs(request));
            value = request.Value;
            return request.Answer ?? GattProtocolError.UnlikelyError;
        }
    }

    /// <summary>A subscribed client.</summary>
    public class GattSubscribedClient
    {
        internal GattSubscribedClient(EmulatedPhone phone) => Phone = phone;

        internal EmulatedPhone Phone { get; }
    }

    /// <summary>A notification's result for one client.</summary>
    public class GattClientNotificationResult
    {
        internal GattClientNotificationResult()
        {
        }
    }

    /// <summary>A read's event args: no session, as at 1.1.123.</summary>
    public class GattReadRequestedEventArgs
    {
        private readonly GattReadRequest _request;

        internal GattReadRequestedEventArgs(GattReadRequest request) => _request = request;

        /// <summary>The request.</summary>
        public GattReadRequest GetRequest() => _request;
    }

    /// <summary>A read to answer.</summary>
    public class GattReadRequest
    {
        internal byte? Answer { get; private set; }

        internal byte[] Value { get; private set; }

        /// <summary>Answers with a value.</summary>
        public void RespondWithValue(Buffer value)
        {
            Value = value.ToArray();
            Answer = 0;
        }

        /// <summary>Answers with an ATT error.</summary>
        public void RespondWithProtocolError(byte protocolError) => Answer = protocolError;
    }

    /// <summary>A write's event args: no session, as at 1.1.123.</summary>
    public class GattWriteRequestedEventArgs
    {
        private readonly GattWriteRequest _request;

        internal GattWriteRequestedEventArgs(GattWriteRequest request) => _request = request;

        /// <summary>The request.</summary>
        public GattWriteRequest GetRequest() => _request;
    }

    /// <summary>A write to answer.</summary>
    public class GattWriteRequest
    {
        internal GattWriteRequest(Buffer value) => Value = value;

        /// <summary>The bytes written (a copy made when the request was built).</summary>
        public Buffer Value { get; }

        internal byte? Answer { get; private set; }

        /// <summary>Accepts.</summary>
        public void Respond() => Answer = 0;

        /// <summary>Refuses with an ATT error.</summary>
        public void RespondWithProtocolError(byte protocolError) => Answer = protocolError;
    }

    /// <summary>ATT error codes.</summary>
    public static class GattProtocolError
    {
        /// <summary>Read not permitted, 0x02.</summary>
        public static byte ReadNotPermitted => 0x02;

        /// <summary>Insufficient authentication, 0x05.</summary>
        public static byte InsufficientAuthentication => 0x05;

        /// <summary>Unlikely error, 0x0E.</summary>
        public static byte UnlikelyError => 0x0E;

        /// <summary>Insufficient encryption, 0x0F.</summary>
        public static byte InsufficientEncryption => 0x0F;
    }

    /// <summary>Characteristic properties.</summary>
    [Flags]
    public enum GattCharacteristicProperties : uint
    {
        /// <summary>None.</summary>
        None = 0,

        /// <summary>Broadcast.</summary>
        Broadcast = 1,

        /// <summary>Read.</summary>
        Read = 2,

        /// <summary>Write without response.</summary>
        WriteWithoutResponse = 4,

        /// <summary>Write.</summary>
        Write = 8,

        /// <summary>Notify.</summary>
        Notify = 16,

        /// <summary>Indicate.</summary>
        Indicate = 32,

        /// <summary>Signed writes.</summary>
        AuthenticatedSignedWrites = 64,

        /// <summary>Extended.</summary>
        ExtendedProperties = 128,

        /// <summary>Reliable writes.</summary>
        ReliableWrites = 256,

        /// <summary>Writable auxiliaries.</summary>
        WritableAuxiliaries = 512,
    }

    /// <summary>Protection levels, as NimBLE's characteristic flags.</summary>
    public enum GattProtectionLevel
    {
        /// <summary>No flag.</summary>
        Plain = 0,

        /// <summary>BLE_GATT_CHR_F_*_AUTHEN.</summary>
        AuthenticationRequired = 1,

        /// <summary>BLE_GATT_CHR_F_*_ENC.</summary>
        EncryptionRequired = 2,

        /// <summary>Both.</summary>
        EncryptionAndAuthenticationRequired = 3,
    }
}

namespace Balancer.Drivers.Simulation.Esp32
{
    /// <summary>The chip's BLE radio and the NimBLE host on it: services, characteristics, bonds, and the phones that connect.</summary>
    public sealed class EmulatedBleRadio
    {
        private readonly List<GattLocalCharacteristic> _characteristics = new();
        private readonly List<GattServiceProvider> _services = new();

        internal EmulatedBleRadio() => Server = new BluetoothLEServer(this);

        /// <summary>Bonds kept.</summary>
        public int BondCount { get; private set; }

        /// <summary>The name the advertisement carries (as its parameters took it), once the server started.</summary>
        public string AdvertisedName => Server.IsStarted && IsAdvertising ? Advertiser.Advertising.LocalName : null;

        /// <summary>The sections of the advertising packet, in order ("flags", "name", "service").</summary>
        public IReadOnlyList<string> AdvertisedSections => Advertiser?.AdvertisedSections ?? Array.Empty<string>();

        /// <summary>The sections that went into the scan response, which a phone gets by scanning actively.</summary>
        public IReadOnlyList<string> ScanResponseSections => Advertiser?.ScanResponseSections ?? Array.Empty<string>();

        private GattServiceProvider Advertiser => _services.Find(s => s.Advertising != null);

        /// <summary>Whether a service advertises, connectable.</summary>
        public bool IsAdvertising => _services.Exists(s => s.Advertising is { IsConnectable: true, IsDiscoverable: true });

        internal BluetoothLEServer Server { get; }

        /// <summary>A phone in range connects: no encryption until it pairs.</summary>
        public EmulatedPhone Connect() => new EmulatedPhone(this);

        internal GattServiceProvider AddService(Guid uuid)
        {
            var provider = new GattServiceProvider(this, uuid);
            _services.Add(provider);
            return provider;
        }

        internal GattLocalCharacteristic AddCharacteristic(Guid uuid, GattLocalCharacteristicParameters parameters)
        {
            var characteristic = new GattLocalCharacteristic(uuid, parameters);
            _characteristics.Add(characteristic);
            return characteristic;
        }

        internal GattLocalCharacteristic Find(Guid uuid) => _characteristics.Find(c => c.Uuid == uuid);

        internal void Bond() => BondCount++;

        internal void DeleteAllBonds() => BondCount = 0;
    }

    /// <summary>A phone connected to the emulated adapter: pairs, writes, reads and subscribes as a GATT client.</summary>
    public sealed class EmulatedPhone
    {
        private readonly EmulatedBleRadio _radio;

        internal EmulatedPhone(EmulatedBleRadio radio) => _radio = radio;

        /// <summary>Whether the link is encrypted.</summary>
        public bool IsEncrypted { get; private set; }

        /// <summary>Whether the link's key was authenticated (MITM protection).</summary>
        public bool IsAuthenticated { get; private set; }

        /// <summary>Notifications received: characteristic and value.</summary>
        public List<(Guid Characteristic, byte[] Value)> Notifications { get; } = new();

        /// <summary>
        /// Pairs, the user typing <paramref name="typedPasskey"/> where the adapter shows one. With NoInputNoOutput it is
        /// Just Works (encrypted, not authenticated). Otherwise the stack asks the app for the passkey to show; an app that
        /// does not answer in time, or a passkey that differs, fails the pairing. True when the link is now encrypted.
        /// </summary>
        public bool Pair(int typedPasskey)
        {
            var pairing = _radio.Server.Pairing;
            if (pairing.IOCapabilities == DevicePairingIOCapabilities.NoInputNoOutput)
            {
                IsEncrypted = true;
                return true;
            }

            var request = new DevicePairingRequestedEventArgs(DevicePairingKinds.DisplayPin);
            if (!pairing.Raise(request) || request.Passkey != typedPasskey)
            {
                return false;
            }

            IsEncrypted = true;
            IsAuthenticated = pairing.ProtectionLevel == DevicePairingProtectionLevel.EncryptionAndAuthentication;
            pairing.IsAuthenticated |= IsAuthenticated;
            if (pairing.AllowBonding)
            {
                _radio.Bond();
            }

            return true;
        }

        /// <summary>A write with response: 0, or the ATT error NimBLE or the app answered.</summary>
        public byte Write(string uuid, params byte[] value)
        {
            var characteristic = _radio.Find(new Guid(uuid));
            if (characteristic == null || (characteristic.Properties & (GattCharacteristicProperties.Write | GattCharacteristicProperties.WriteWithoutResponse)) == 0)
            {
                return 0x03; // write not permitted
            }

            var refused = Check(characteristic.WriteProtection);
            return refused != 0 ? refused : characteristic.Write(value);
        }

        /// <summary>A read: 0 with the value, or the ATT error.</summary>
        public byte Read(string uuid, out byte[] value)
        {
            value = null;
            var characteristic = _radio.Find(new Guid(uuid));
            if (characteristic == null || (characteristic.Properties & GattCharacteristicProperties.Read) == 0)
            {
                return 0x02;
            }

            var refused = Check(characteristic.ReadProtection);
            return refused != 0 ? refused : characteristic.Read(out value);
        }

        /// <summary>Subscribes to a characteristic's notifications.</summary>
        public void Subscribe(string uuid) => _radio.Find(new Guid(uuid)).Subscribe(this);

        internal void Notified(Guid uuid, byte[] value) => Notifications.Add((uuid, value));

        /// <summary>NimBLE's ble_att_svr_check_perms: encryption first, then authentication.</summary>
        private byte Check(GattProtectionLevel level)
        {
            var encryption = level == GattProtectionLevel.EncryptionRequired || level == GattProtectionLevel.EncryptionAndAuthenticationRequired;
            var authentication = level == GattProtectionLevel.AuthenticationRequired || level == GattProtectionLevel.EncryptionAndAuthenticationRequired;
            if ((encryption || authentication) && !IsEncrypted)
            {
                return authentication ? GattProtocolError.InsufficientAuthentication : GattProtocolError.InsufficientEncryption;
            }

            return authentication && !IsAuthenticated ? GattProtocolError.InsufficientAuthentication : (byte)0;
        }
    }
}
