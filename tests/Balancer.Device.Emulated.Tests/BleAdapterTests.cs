// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using System.Threading.Tasks;
using Balancer.Core;
using Balancer.Core.Events;
using Balancer.Core.Log;
using Balancer.Core.Protocol;
using Balancer.Core.Settings;
using Balancer.Device.Board;
using Balancer.Drivers.Simulation.Esp32;
using Balancer.Tests.Control;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;
using Xunit;

namespace Balancer.Device.Emulated.Tests
{
    /// <summary>
    /// The GATT adapter, unchanged, on the emulated ESP32's radio, which refuses writes to protected characteristics as
    /// NimBLE does and pairs as nanoFramework 1.1.123 does. A phone here is a GATT client: it pairs, writes, reads and
    /// subscribes. None of this has run on a board.
    /// </summary>
    public class BleAdapterTests
    {
        private const string Status = "b4a10002-7c3e-4f2a-9e61-5d0c8a2f3b17";
        private const string Command = "b4a10003-7c3e-4f2a-9e61-5d0c8a2f3b17";
        private const string EmergencyStop = "b4a10004-7c3e-4f2a-9e61-5d0c8a2f3b17";
        private const string Config = "b4a10005-7c3e-4f2a-9e61-5d0c8a2f3b17";
        private const string Log = "b4a10006-7c3e-4f2a-9e61-5d0c8a2f3b17";
        private const int Passkey = 482_913;

        [Fact]
        public void The_Adapter_Advertises_Connectable_Under_Its_Name()
        {
            using var bench = new Bench();
            var rig = bench.Rig;

            Assert.True(bench.Started);
            Assert.True(rig.Chip.Radio.IsAdvertising);
            Assert.Equal("Balancer 913", rig.Chip.Radio.AdvertisedName);

            // 35 bytes of sections: flags and name fill the advertising packet, the service UUID goes to the scan response.
            Assert.Equal(GattServiceProviderAdvertisementStatus.Started, bench.Ble.AdvertisementStatus);
            Assert.Equal(new[] { "flags", "name" }, rig.Chip.Radio.AdvertisedSections);
            Assert.Equal(new[] { "service" }, rig.Chip.Radio.ScanResponseSections);
        }

        [Fact]
        public void A_Name_Set_After_The_Advertising_Parameters_Were_Made_Is_Not_Advertised()
        {
            using var rig = new EmulatedReferenceBoard();
            var server = nanoFramework.Device.Bluetooth.BluetoothLEServer.Instance;
            var provider = GattServiceProvider.Create(System.Guid.NewGuid()).ServiceProvider;
            var parameters = new GattServiceProviderAdvertisingParameters();
            server.DeviceName = "Balancer 001";
            server.Start();
            provider.StartAdvertising(parameters);

            Assert.Equal("nanoFramework", rig.Chip.Radio.AdvertisedName);
        }

        [Fact]
        public void A_Name_Longer_Than_The_Scan_Response_Is_Left_Off_And_Said()
        {
            using var rig = new EmulatedReferenceBoard();
            var server = nanoFramework.Device.Bluetooth.BluetoothLEServer.Instance;
            server.DeviceName = "Balancer, north workshop bench"; // 30 bytes: NimBLE takes up to 31
            var provider = GattServiceProvider.Create(System.Guid.NewGuid()).ServiceProvider;
            server.Start();
            provider.StartAdvertising(new GattServiceProviderAdvertisingParameters());

            Assert.Equal(GattServiceProviderAdvertisementStatus.StartedWithoutAllAdvertisementData, provider.AdvertisementStatus);
            Assert.Equal(new[] { "flags", "service" }, rig.Chip.Radio.AdvertisedSections);
            Assert.Empty(rig.Chip.Radio.ScanResponseSections);
        }

        [Fact]
        public void A_Phone_That_Has_Not_Paired_Is_Refused_By_The_Stack_And_Nothing_Is_Queued()
        {
            using var bench = new Bench();
            var (rig, board, ble) = (bench.Rig, bench.Board, bench.Ble);
            var phone = rig.Chip.Radio.Connect();

            Assert.Equal(0x05, phone.Write(Command, 1, (byte)CommandOpcode.Start, 1, 0)); // insufficient authentication
            Assert.Equal(0x05, phone.Write(Config, 1, (byte)CommandOpcode.ConfigSet, 5, (byte)SettingId.ToleranceMillivolts, 4, 0, 0, 0));
            Assert.Equal(0, board.Controller.Commands.Count);
        }

        [Fact]
        public void Pairing_Outside_The_Window_Fails_And_Inside_It_Needs_The_Passkey()
        {
            using var bench = new Bench();
            var (rig, board, ble) = (bench.Rig, bench.Board, bench.Ble);

            Assert.False(rig.Chip.Radio.Connect().Pair(Passkey)); // the window is closed
            ble.OpenPairing();
            Assert.False(rig.Chip.Radio.Connect().Pair(111_111)); // a wrong passkey
            var phone = rig.Chip.Radio.Connect();
            Assert.True(phone.Pair(Passkey));
            Assert.True(phone.IsAuthenticated);
            Assert.Equal(1, rig.Chip.Radio.BondCount);

            rig.Clock.Advance((BleAdapter.PairingWindowMilliseconds + 10) * 1_000L);
            Assert.False(ble.IsPairingOpen);
            Assert.False(rig.Chip.Radio.Connect().Pair(Passkey));

            ble.ClearBonds();
            Assert.Equal(0, rig.Chip.Radio.BondCount);
        }

        [Fact]
        public void A_Bonded_Phone_Starts_A_Channel_And_A_Refused_Write_Answers_With_Its_Code()
        {
            using var bench = new Bench();
            var (rig, board, ble) = (bench.Rig, bench.Board, bench.Ble);
            var phone = bench.BondedPhone();

            Assert.Equal(0, phone.Write(Command, 1, (byte)CommandOpcode.Start, 1, 2));
            Assert.Equal(0x80 + (int)ProtocolError.UnknownChannel, phone.Write(Command, 1, (byte)CommandOpcode.Start, 1, 9));
            Assert.Equal(0x80 + (int)ProtocolError.BadVersion, phone.Write(Command, 7, (byte)CommandOpcode.Start, 1, 0));
            Assert.Equal(1, board.Controller.Commands.Count);

            // The server's pairing flag is now set for good (nanoFramework keeps one, not one per link), yet a second
            // phone that never paired is still refused: the stack checks its link before the adapter sees the write.
            Assert.Equal(0x05, rig.Chip.Radio.Connect().Write(Command, 1, (byte)CommandOpcode.Start, 1, 0));
            Assert.Equal(1, board.Controller.Commands.Count);

            board.Controller.RunOnce();
            Assert.NotEqual(ChannelState.Idle, board.Controller.Channel(2).State);
        }

        [Fact]
        public void Anyone_May_Stop_And_The_Stop_Opens_Every_Relay()
        {
            using var bench = new Bench();
            var (rig, board, ble) = (bench.Rig, bench.Board, bench.Ble);
            var stranger = rig.Chip.Radio.Connect();

            Assert.Equal(0, stranger.Write(EmergencyStop, 0xde, 0xad));
            board.Controller.RunOnce();

            Assert.True(board.Controller.IsEmergencyStopped);
            Assert.All(Enumerable.Range(0, BoardPins.ChannelCount), c => Assert.False(rig.Contacts[c].IsContactClosed));
        }

        [Fact]
        public void A_Subscribed_Phone_Gets_The_Session_And_Every_Channel_Each_Round_And_The_Result_Of_Its_Command()
        {
            using var bench = new Bench();
            var (rig, board, ble) = (bench.Rig, bench.Board, bench.Ble);
            var phone = bench.BondedPhone();
            phone.Subscribe(Status);
            phone.Subscribe(Command);
            board.Controller.RunOnce();

            phone.Write(Command, 1, (byte)CommandOpcode.Stop, 1, 1);
            board.Controller.RunOnce();
            ble.NotifyOnce();

            var status = phone.Notifications.Where(n => n.Characteristic == new Guid(Status)).Select(n => n.Value).ToList();
            Assert.Equal(1 + BoardPins.ChannelCount, status.Count);
            Assert.Equal(ProtocolFrames.SessionStatusType, status[0][1]);
            Assert.All(status.Skip(1).Select((frame, i) => (frame, i)), f =>
            {
                Assert.Equal(ProtocolFrames.ChannelStatusLength, f.frame.Length);
                Assert.Equal(f.i, f.frame[3] >> 4);
            });
            var result = phone.Notifications.Single(n => n.Characteristic == new Guid(Command)).Value;
            Assert.Equal(ProtocolFrames.ResultType, result[1]);
            Assert.Equal((byte)CommandOpcode.Stop, result[7]);
            Assert.Equal(0, BitConverter.ToInt32(result, 8));
        }

        [Fact]
        public void A_Bonded_Phone_Reads_Every_Channels_Report_Line_Once_And_A_Stranger_Is_Refused()
        {
            using var bench = new Bench();
            var (rig, board, ble) = (bench.Rig, bench.Board, bench.Ble);
            var phone = bench.BondedPhone();
            phone.Subscribe(Command);
            Assert.Equal(0x05, rig.Chip.Radio.Connect().Write(Command, 1, (byte)CommandOpcode.ReadReport, 0)); // the stack refuses the unpaired link
            board.Controller.RunOnce();

            Assert.Equal(0, phone.Write(Command, 1, (byte)CommandOpcode.ReadReport, 0));
            ble.NotifyOnce();
            ble.NotifyOnce();

            var lines = phone.Notifications.Where(n => n.Characteristic == new Guid(Command)).Select(n => n.Value).ToList();
            Assert.Equal(BoardPins.ChannelCount, lines.Count);
            var report = new Balancer.Core.Reporting.ChannelReport[BoardPins.ChannelCount];
            Balancer.Core.Reporting.MorningReport.Fill(board.Controller, report);
            Assert.All(lines.Select((frame, i) => (frame, i)), l =>
            {
                var expected = new byte[ProtocolFrames.ChannelReportLength];
                ProtocolFrames.WriteChannelReport(expected, 0, ref report[l.i]);
                Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(l.frame));
                Assert.Equal(l.i, l.frame[3]);
            });

            // Asked once, given once.
            ble.NotifyOnce();
            Assert.Equal(BoardPins.ChannelCount, phone.Notifications.Count(n => n.Characteristic == new Guid(Command)));
        }

        [Fact]
        public void Two_Commands_In_One_Second_Each_Get_Their_Result_In_Order()
        {
            using var bench = new Bench();
            var (board, ble) = (bench.Board, bench.Ble);
            var phone = bench.BondedPhone();
            phone.Subscribe(Command);

            phone.Write(Command, 1, (byte)CommandOpcode.Stop, 1, 1);
            phone.Write(Command, 1, (byte)CommandOpcode.ClearFault, 1, 2);
            board.Controller.RunOnce();
            ble.NotifyOnce();
            ble.NotifyOnce();

            var results = phone.Notifications.Where(n => n.Characteristic == new Guid(Command)).Select(n => n.Value).ToList();
            Assert.Equal(new[] { (byte)CommandOpcode.Stop, (byte)CommandOpcode.ClearFault }, results.Select(r => r[7]));
            Assert.True(BitConverter.ToInt32(results[0], 3) < BitConverter.ToInt32(results[1], 3));
        }

        [Fact]
        public void A_Config_Read_Returns_The_Setting_A_Bonded_Phone_Selected()
        {
            using var bench = new Bench();
            var (rig, board, ble) = (bench.Rig, bench.Board, bench.Ble);
            var phone = bench.BondedPhone();

            Assert.Equal(0, phone.Write(Config, 1, (byte)CommandOpcode.ConfigSelect, 1, (byte)SettingId.ToleranceMillivolts));
            Assert.Equal(0, phone.Read(Config, out var value));

            Assert.Equal(new byte[] { 1, 4, 17, 5, 5, 0, 0, 0, 2, 0, 0, 0, 50, 0, 0, 0, 5, 0, 0, 0 }, value);
        }

        [Fact]
        public void A_Bonded_Phone_Pages_The_Recovery_Log_Out_In_Notifications_And_Gets_Its_Bytes_Exactly()
        {
            var flash = new[] { new MemoryRecordFile(), new MemoryRecordFile() };
            var log = new RecoveryLog(flash[0], flash[1], RecoveryJournal.DefaultCapBytes);
            log.Open();
            var payload = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
            for (var i = 0; i < 9; i++)
            {
                log.Append((byte)LogRecordType.Event, 1_000 * i, payload, 0, 15 + i);
            }

            log.Flush();
            using var bench = new Bench(new LogPager(log));
            var phone = bench.BondedPhone();
            phone.Subscribe(Log);

            Assert.Equal(0, phone.Write(Command, 1, (byte)CommandOpcode.ReadLog, 4, 0, 0, 0, 0));
            var rounds = 0;
            while (bench.Ble.NotifyLog())
            {
                rounds++;
            }

            var chunks = phone.Notifications.Where(n => n.Characteristic == new Guid(Log)).Select(n => n.Value).ToList();
            Assert.All(chunks, c => Assert.True(c.Length <= 20 && c[0] == 1 && c[1] == LogPager.ChunkFrameType && c[2] == c.Length - 3));
            var bytes = chunks.SelectMany(c => c.Skip(7)).ToArray();
            Assert.Equal(flash[0].Bytes, bytes);
            Assert.Equal(bytes.Length, BitConverter.ToInt32(chunks[^1], 3)); // the last chunk: no bytes, at the log's end
            Assert.Equal(7, chunks[^1].Length);
            Assert.Equal(((bytes.Length + LogPager.ChunkBytes - 1) / LogPager.ChunkBytes) + 1, chunks.Count);
            Assert.Equal((chunks.Count + BleAdapter.LogChunksPerRound - 1) / BleAdapter.LogChunksPerRound, rounds + 1);
        }

        [Fact]
        public void A_Phone_That_Has_Not_Paired_Cannot_Start_The_Log_And_An_Adapter_Without_One_Says_So()
        {
            using var bench = new Bench();
            Assert.Equal(0x05, bench.Rig.Chip.Radio.Connect().Write(Command, 1, (byte)CommandOpcode.ReadLog, 4, 0, 0, 0, 0));
            Assert.Equal(0x80 + (int)ProtocolError.NoLog, bench.BondedPhone().Write(Command, 1, (byte)CommandOpcode.ReadLog, 4, 0, 0, 0, 0));
        }

        /// <summary>
        /// A status round the BLE thread runs while the loop is inside a tick waits for the tick to end, so each frame is one
        /// tick's status. The round is asked for from an event the tick publishes (a start from the phone).
        /// </summary>
        [Fact]
        public async Task A_Status_Round_Asked_For_During_A_Tick_Is_Notified_Only_After_It()
        {
            using var bench = new Bench();
            var (board, ble) = (bench.Board, bench.Ble);
            var phone = bench.BondedPhone();
            phone.Subscribe(Status);
            board.Controller.RunOnce();
            Task round = null;
            var notifiedDuringTick = -1;
            Assert.True(board.Controller.Events.Subscribe(new OnFirstEvent(() =>
            {
                // A thread of its own, as the device's BLE thread: once it runs, an unblocked round notifies well within the wait.
                using var asking = new System.Threading.ManualResetEventSlim();
                round = Task.Factory.StartNew(
                    () =>
                    {
                        asking.Set();
                        ble.NotifyOnce();
                    },
                    TaskCreationOptions.LongRunning);
                Assert.True(asking.Wait(TimeSpan.FromSeconds(10)), "the round never started");
                round.Wait(TimeSpan.FromMilliseconds(300));
                notifiedDuringTick = StatusFrames(phone);
            })));

            phone.Write(Command, 1, (byte)CommandOpcode.Start, 1, 1);
            board.Controller.RunOnce();

            Assert.Equal(0, notifiedDuringTick);
            await round.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(1 + BoardPins.ChannelCount, StatusFrames(phone));
        }

        private static int StatusFrames(EmulatedPhone phone) => phone.Notifications.Count(n => n.Characteristic == new Guid(Status));

        /// <summary>The emulated board with the adapter started on its radio.</summary>
        private sealed class Bench : IDisposable
        {
            public Bench(LogPager log = null)
            {
                Rig = new EmulatedReferenceBoard();
                Board = new AdapterBoard(new BalancerSettings());
                Ble = new BleAdapter(Board.Controller, Board.Clock, Passkey, log);
                Started = Ble.Start("913");
            }

            public EmulatedReferenceBoard Rig { get; }

            public AdapterBoard Board { get; }

            public BleAdapter Ble { get; }

            public bool Started { get; }

            /// <summary>A phone paired in the window with the right passkey.</summary>
            public EmulatedPhone BondedPhone()
            {
                Ble.OpenPairing();
                var phone = Rig.Chip.Radio.Connect();
                Assert.True(phone.Pair(Passkey));
                return phone;
            }

            public void Dispose()
            {
                Board.Dispose();
                Rig.Dispose();
            }
        }
    }
}
