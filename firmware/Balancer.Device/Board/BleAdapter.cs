// SPDX-License-Identifier: MIT

using System;
using Balancer.Core.Control;
using Balancer.Core.Log;
using Balancer.Core.Protocol;
using Balancer.Core.Settings;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;
using nanoFramework.Device.Bluetooth.Security;
using Buffer = nanoFramework.Device.Bluetooth.Buffer;

namespace Balancer.Device.Board
{
    /// <summary>
    /// The adapter's GATT service (docs/protocol.md) on nanoFramework's Bluetooth library: Status (read, notify once a
    /// second), Command and Config (writes need an encrypted, authenticated link, which NimBLE enforces before a write
    /// reaches this code), EmergencyStop (plain: anyone may stop) and Log (notify: the recovery log's chunks after a
    /// ReadLog command, <see cref="NotifyLog"/>). Every write goes through
    /// <see cref="CommandHandler"/>; a refusal answers with ATT error 0x80 + its code. <see cref="NotifyOnce"/> runs on a
    /// thread of its own, once a second, and writes each status frame under the loop's tick lock; commands reach the loop
    /// only through its queue.
    /// <para>
    /// What nanoFramework 1.1.123 gives and does not: no per-write link state (the event args' Session is null), so the
    /// handler's own authentication check reads the server's pairing state, which is global and not reset at a disconnect;
    /// the first line is the characteristic's protection level. Passkey pairing needs IO capabilities other than the
    /// default NoInputNoOutput, which can only make an unauthenticated Just Works link; this adapter says DisplayOnly and
    /// answers a pairing request with its passkey, only inside the pairing window. NotifyValue copies the value into a new
    /// array and a result object per subscribed client: the library allocates per notification, the encoder does not.
    /// </para>
    /// </summary>
    internal sealed class BleAdapter
    {
        /// <summary>How long the pairing window stays open after the button opens it, ms.</summary>
        public const int PairingWindowMilliseconds = 30_000;

        /// <summary>The status interval, ms.</summary>
        public const int NotifyMilliseconds = 1_000;

        /// <summary>How often the notify thread sends log chunks while a ReadLog is under way, ms.</summary>
        public const int LogChunkMilliseconds = 50;

        /// <summary>Log chunks sent each <see cref="LogChunkMilliseconds"/>: about 1.6 KB/s of log, within a 30 ms connection interval's reach.</summary>
        public const int LogChunksPerRound = 6;

        private const string ServiceUuid = "b4a10001-7c3e-4f2a-9e61-5d0c8a2f3b17";
        private const string StatusUuid = "b4a10002-7c3e-4f2a-9e61-5d0c8a2f3b17";
        private const string CommandUuid = "b4a10003-7c3e-4f2a-9e61-5d0c8a2f3b17";
        private const string EmergencyStopUuid = "b4a10004-7c3e-4f2a-9e61-5d0c8a2f3b17";
        private const string ConfigUuid = "b4a10005-7c3e-4f2a-9e61-5d0c8a2f3b17";
        private const string LogUuid = "b4a10006-7c3e-4f2a-9e61-5d0c8a2f3b17";

        private readonly BalancerController _controller;
        private readonly CommandHandler _handler;
        private readonly NanoClock _clock;
        // One notification's worth (20 bytes at the default MTU): a status record or a report line.
        private readonly byte[] _frame = new byte[ProtocolFrames.DefaultNotificationLength];
        private readonly Buffer _frameBuffer;
        private readonly byte[] _result = new byte[ProtocolFrames.ResultLength];
        private readonly Buffer _resultBuffer;
        private readonly byte[] _read = new byte[ProtocolFrames.SessionStatusLength];
        private readonly Buffer _readBuffer;
        private readonly byte[] _config = new byte[ProtocolFrames.ConfigValueLength];
        private readonly Buffer _configBuffer;
        private readonly byte[] _logChunk = new byte[LogPager.ChunkFrameLength];
        private readonly Buffer _logBuffer;
        private GattServiceProvider _provider;
        private GattLocalCharacteristic _status;
        private GattLocalCharacteristic _log;
        private GattLocalCharacteristic _command;
        private long _pairingClosesAtMilliseconds;

        /// <summary>
        /// The adapter for <paramref name="controller"/>; <paramref name="passkey"/> is asked at pairing until changed;
        /// <paramref name="log"/> pages the recovery log out (null when the adapter keeps none: ReadLog is refused).
        /// </summary>
        public BleAdapter(BalancerController controller, NanoClock clock, int passkey, LogPager log)
        {
            _controller = controller;
            _clock = clock;
            _handler = new CommandHandler(controller, passkey) { Log = log };
            _logBuffer = new Buffer(_logChunk);
            _frameBuffer = new Buffer(_frame);
            _resultBuffer = new Buffer(_result);
            _configBuffer = new Buffer(_config);
            _readBuffer = new Buffer(_read);
        }

        /// <summary>The passkey the next pairing asks for (SetPasskey changes it).</summary>
        public int Passkey => _handler.Passkey;

        /// <summary>Whether the pairing window is open now.</summary>
        public bool IsPairingOpen => _clock.NowMilliseconds < _pairingClosesAtMilliseconds;

        /// <summary>Builds the service and starts connectable advertising as "Balancer &lt;id&gt;". False if the stack refused the service.</summary>
        public bool Start(string shortId)
        {
            var server = BluetoothLEServer.Instance;
            server.DeviceName = "Balancer " + shortId;
            var pairing = server.Pairing;
            pairing.IOCapabilities = DevicePairingIOCapabilities.DisplayOnly;
            pairing.ProtectionLevel = DevicePairingProtectionLevel.EncryptionAndAuthentication;
            pairing.AllowBonding = true;
            pairing.PairingRequested += OnPairingRequested;

            var created = GattServiceProvider.Create(new Guid(ServiceUuid));
            if (created.Error != BluetoothError.Success)
            {
                return false;
            }

            var service = created.ServiceProvider.Service;
            _status = Add(service, StatusUuid, "Status", GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify, GattProtectionLevel.Plain);
            _command = Add(service, CommandUuid, "Command", GattCharacteristicProperties.Write | GattCharacteristicProperties.Notify, GattProtectionLevel.EncryptionAndAuthenticationRequired);
            var stop = Add(service, EmergencyStopUuid, "EmergencyStop", GattCharacteristicProperties.Write | GattCharacteristicProperties.WriteWithoutResponse, GattProtectionLevel.Plain);
            var config = Add(service, ConfigUuid, "Config", GattCharacteristicProperties.Read | GattCharacteristicProperties.Write, GattProtectionLevel.EncryptionAndAuthenticationRequired);
            _log = Add(service, LogUuid, "Log", GattCharacteristicProperties.Notify, GattProtectionLevel.Plain);
            if (_status == null || _command == null || stop == null || config == null || _log == null)
            {
                return false;
            }

            _status.ReadRequested += OnStatusRead;
            _command.WriteRequested += OnCommandWrite;
            stop.WriteRequested += OnEmergencyStopWrite;
            config.WriteRequested += OnConfigWrite;
            config.ReadRequested += OnConfigRead;

            server.Start();

            // The parameters take the device name when they are made (set above). Flags (3 bytes) and the name (14) fill the
            // 31-byte advertising packet; the library moves the 128-bit service UUID (18) to the scan response, which a
            // phone reads when it scans actively, as Android and Web Bluetooth do.
            _provider = created.ServiceProvider;
            _provider.StartAdvertising(new GattServiceProviderAdvertisingParameters { IsConnectable = true, IsDiscoverable = true });
            var advertising = _provider.AdvertisementStatus;
            return advertising == GattServiceProviderAdvertisementStatus.Started
                || advertising == GattServiceProviderAdvertisementStatus.StartedWithoutAllAdvertisementData;
        }

        /// <summary>
        /// Where advertising stands after <see cref="Start"/>: Started when the name and the service UUID are both on air;
        /// StartedWithoutAllAdvertisementData when one of them fitted neither packet.
        /// </summary>
        public GattServiceProviderAdvertisementStatus AdvertisementStatus =>
            _provider == null ? GattServiceProviderAdvertisementStatus.Created : _provider.AdvertisementStatus;

        /// <summary>Opens the pairing window for <see cref="PairingWindowMilliseconds"/> (the button's pairing press).</summary>
        public void OpenPairing() => _pairingClosesAtMilliseconds = _clock.NowMilliseconds + PairingWindowMilliseconds;

        /// <summary>Forgets every bonded phone (the button's longest press).</summary>
        public void ClearBonds() => DeviceBonding.DeleteAllBonds();

        private static GattLocalCharacteristic Add(GattLocalService service, string uuid, string name, GattCharacteristicProperties properties, GattProtectionLevel writeProtection)
        {
            var parameters = new GattLocalCharacteristicParameters
            {
                CharacteristicProperties = properties,
                ReadProtectionLevel = GattProtectionLevel.Plain,
                WriteProtectionLevel = writeProtection,
                UserDescription = name,
            };
            var result = service.CreateCharacteristic(new Guid(uuid), parameters);
            return result.Error == BluetoothError.Success ? result.Characteristic : null;
        }

        /// <summary>
        /// One round of notifications, once every <see cref="NotifyMilliseconds"/>: the session record, then each channel's,
        /// to every subscribed client; then the result of every command the loop has run since.
        /// </summary>
        public void NotifyOnce()
        {
            if (_status.SubscribedClients.Length > 0)
            {
                NotifyStatus();
            }

            while (_handler.TryTakeResult(out var ticket, out var opcode, out var result))
            {
                ProtocolFrames.WriteResult(_result, 0, ticket, opcode, result);
                _command.NotifyValue(_resultBuffer);
            }

            // After a ReadReport: every channel's report line, on Command, once.
            _frameBuffer.Length = (uint)ProtocolFrames.ChannelReportLength;
            while (_handler.TryNextReport(_frame))
            {
                _command.NotifyValue(_frameBuffer);
            }
        }

        /// <summary>
        /// Sends up to <see cref="LogChunksPerRound"/> chunks of the recovery log while a ReadLog is under way (every
        /// <see cref="LogChunkMilliseconds"/> on the notify thread); the last chunk carries no bytes. True while more remain.
        /// </summary>
        public bool NotifyLog()
        {
            var pager = _handler.Log;
            for (var i = 0; pager != null && i < LogChunksPerRound; i++)
            {
                if (!pager.TryNextChunk(_logChunk, out var length))
                {
                    return false;
                }

                _logBuffer.Length = (uint)length;
                _log.NotifyValue(_logBuffer);
            }

            return pager != null && pager.IsActive;
        }

        private void NotifyStatus()
        {
            for (var i = -1; i < _controller.ChannelCount; i++)
            {
                WriteStatusFrame(i);
                _status.NotifyValue(_frameBuffer);
            }
        }

        /// <summary>
        /// The session's status frame (<paramref name="channel"/> −1) or a channel's, from one tick's status: the loop holds
        /// TickSync through a tick. The radio is called after, outside it.
        /// </summary>
        private void WriteStatusFrame(int channel)
        {
            lock (_controller.TickSync)
            {
                _frameBuffer.Length = (uint)(channel < 0
                    ? ProtocolFrames.WriteSessionStatus(_frame, 0, _controller)
                    : ProtocolFrames.WriteChannelStatus(_frame, 0, _controller, channel));
            }
        }

        private void OnPairingRequested(object sender, DevicePairingRequestedEventArgs args)
        {
            // Outside the window nothing is answered: the stack gives up after its 2 s and the pairing fails.
            if (IsPairingOpen && args.PairingKind == DevicePairingKinds.DisplayPin)
            {
                args.Accept(_handler.Passkey);
            }
        }

        private void OnStatusRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            // Its own buffer: a read may come while the notifying thread fills the status frame.
            // Not under the tick lock: the stack runs every callback on one thread, and an emergency-stop write queued behind
            // this read must not wait for a tick. The session's few figures may then come from two ticks.
            ProtocolFrames.WriteSessionStatus(_read, 0, _controller);
            args.GetRequest().RespondWithValue(_readBuffer);
        }

        private void OnConfigRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            var id = _handler.SelectedSetting;
            ProtocolFrames.WriteConfigValue(_config, 0, id, _controller.Settings.Get(id));
            args.GetRequest().RespondWithValue(_configBuffer);
        }

        private void OnCommandWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            var request = args.GetRequest();
            var value = Read(request.Value);
            Answer(request, _handler.HandleCommand(value, value.Length, BluetoothLEServer.Instance.Pairing.IsAuthenticated));
        }

        private void OnConfigWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            var request = args.GetRequest();
            var value = Read(request.Value);
            Answer(request, _handler.HandleConfig(value, value.Length, BluetoothLEServer.Instance.Pairing.IsAuthenticated));
        }

        private void OnEmergencyStopWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            // First the stop, then the answer: whatever the bytes, and even if answering fails.
            _handler.HandleEmergencyStop();
            args.GetRequest().Respond();
        }

        /// <summary>A write's bytes: a command is a rare event, so its few bytes may be allocated (a notification's may not).</summary>
        private static byte[] Read(Buffer value)
        {
            var bytes = new byte[value.Length];
            DataReader.FromBuffer(value).ReadBytes(bytes);
            return bytes;
        }

        private static void Answer(GattWriteRequest request, ProtocolError error)
        {
            if (error == ProtocolError.Ok)
            {
                request.Respond();
            }
            else
            {
                request.RespondWithProtocolError((byte)(0x80 + (int)error));
            }
        }
    }
}
