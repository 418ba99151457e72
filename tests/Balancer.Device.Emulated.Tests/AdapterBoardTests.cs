// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Linq;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Log;
using Balancer.Core.Settings;
using Balancer.Device.Board;
using Balancer.Drivers.Simulation;
using Balancer.Drivers.Simulation.Esp32;
using Xunit;

namespace Balancer.Device.Emulated.Tests
{
    /// <summary>The device app's board layer, unchanged, on the emulated ESP32 and the reference board's parts.</summary>
    public class AdapterBoardTests
    {
        private const int Ticks = 50;

        [Fact]
        public void The_Heartbeat_Pad_Changes_On_Every_Healthy_Tick_So_The_Dead_Man_Powers_The_Coils()
        {
            using var rig = new EmulatedReferenceBoard();
            using var board = new AdapterBoard(new BalancerSettings());
            var heartbeat = rig.Chip.Pad(BoardPins.Heartbeat);
            var before = heartbeat.TransitionCount;

            for (var tick = 0; tick < Ticks; tick++)
            {
                board.Controller.RunOnce();
            }

            Assert.Equal(Ticks, heartbeat.TransitionCount - before);
            Assert.True(rig.DeadMan.IsCoilSupplyEnabled, "the monostable starved although every tick was healthy");
        }

        [Theory]
        [InlineData(DeadManMonostable.ShortestSenseLagMicroseconds)]
        [InlineData(DeadManMonostable.LongestSenseLagMicroseconds)]
        public void The_Boot_Self_Test_Reads_The_Dead_Man_Through_Gpio14_As_An_Input_Without_Closing_A_Relay(long lagMicroseconds)
        {
            using var rig = new EmulatedReferenceBoard();
            rig.DeadMan.SenseLagMicroseconds = lagMicroseconds;
            using var board = new AdapterBoard(new BalancerSettings());
            var coils = BoardPins.Relays.Select(rig.Chip.Pad).ToArray();
            var before = coils.Select(p => p.TransitionCount).ToArray();

            var finding = SelfTest.CheckDeadMan(board.Relays, board.CoilSense, board.Clock, out var release);

            // The monostable's 500 ms and the read-back's lag, read on the ESP32's 10 ms clock.
            Assert.Equal(SelfTestFinding.Ok, finding);
            Assert.InRange(release, 500 + (lagMicroseconds / 1000), 500 + (lagMicroseconds / 1000) + 20);
            Assert.Equal(Esp32PinMode.Input, rig.Chip.ModeOf(BoardPins.CoilSense));
            Assert.Equal(before, coils.Select(p => p.TransitionCount).ToArray());
            Assert.All(rig.Contacts, c => Assert.False(c.IsContactClosed));

            // The first tick after the check is on time: the wait was the boot's, not the loop's.
            Assert.True(board.Controller.RestartSchedule());
            board.Controller.RunOnce();
            Assert.Equal(0, board.Controller.LateTickCount);
        }

        [Fact]
        public void A_Coil_Supply_That_Never_Comes_Up_Fails_The_Boot_Self_Test()
        {
            using var rig = new EmulatedReferenceBoard();
            rig.Chip.DriveFrom(BoardPins.CoilSense, () => false); // Q4 open, or R18 missing
            using var board = new AdapterBoard(new BalancerSettings());

            Assert.Equal(SelfTestFinding.DeadManNotEnabling, SelfTest.CheckDeadMan(board.Relays, board.CoilSense, board.Clock, out _));
        }

        [Fact]
        public void Every_Relay_And_Charger_Supply_Pad_Is_Low_Once_The_Board_Is_Up()
        {
            using var rig = new EmulatedReferenceBoard();
            using var board = new AdapterBoard(new BalancerSettings());

            board.Controller.RunOnce();

            Assert.All(BoardPins.Relays.Concat(BoardPins.ChargerSupplies), pin => Assert.False(rig.Chip.Pad(pin).IsHigh, $"GPIO {pin} is high"));
            Assert.All(rig.Contacts, contact => Assert.False(contact.IsContactClosed));
        }

        [Fact]
        public void Every_Relay_And_Charger_Supply_Is_Driven_Open_Before_The_First_I2c_Transaction_And_The_First_Flash_Read()
        {
            using var rig = new EmulatedReferenceBoard();
            bool AllOpen() => BoardPins.Relays.Concat(BoardPins.ChargerSupplies)
                .All(pin => rig.Chip.IsOpen(pin) && rig.Chip.ModeOf(pin) == Esp32PinMode.Output && !rig.Chip.Pad(pin).IsHigh);
            bool? atFirstI2c = null;
            rig.Chip.I2cTransactionStarting += () => atFirstI2c ??= AllOpen();
            var flash = new MemoryRecordFile(AllOpen);
            var journal = new RecoveryJournal(new MemoryRecordFile(AllOpen), new MemoryRecordFile(AllOpen), flash, new MemoryRecordFile(AllOpen), BoardPins.ChannelCount, RecoveryJournal.DefaultCapBytes);

            using var board = new AdapterBoard(new BalancerSettings(), journal);

            Assert.True(atFirstI2c);
            Assert.True(flash.HeldAtFirstAccess);
            Assert.Equal(SettingsLoad.NoneStored, board.SettingsLoad);
        }

        [Fact]
        public void An_Ina219_That_Does_Not_Answer_On_The_Bus_Disables_Its_Channel_At_The_Self_Test()
        {
            using var rig = new EmulatedReferenceBoard();
            rig.Chips[1].IsNotAcknowledging = true;
            using var board = new AdapterBoard(new BalancerSettings());
            board.Controller.RunOnce();
            board.Controller.RunOnce();

            var findings = new SelfTestFinding[BoardPins.ChannelCount];
            SelfTest.Run(board.Controller, board.Reader, findings);

            Assert.Equal(BoardPins.ChannelCount - 1, board.AnsweringSensors);
            Assert.Equal(SelfTestFinding.SensorMissing, findings[1]);
            Assert.True(board.Controller.Channel(1).IsDisabled);
            Assert.Equal(CommandResult.WrongState, board.Controller.Start(1));
            Assert.Equal(CommandResult.Ok, board.Controller.Start(0));
        }

        [Fact]
        public void A_Damaged_Settings_Copy_On_Flash_Gives_The_Defaults_And_The_Event_At_Boot()
        {
            using var rig = new EmulatedReferenceBoard();
            var (a, b) = (new MemoryRecordFile(), new MemoryRecordFile());
            var store = new SettingsStore(a, b);
            var tuned = new BalancerSettings();
            tuned.TrySet(SettingId.TargetMillivolts, 3_930, out _);
            store.Save(tuned, new ChannelCalibration[BoardPins.ChannelCount], new ChannelMode[BoardPins.ChannelCount], BoardPins.ChannelCount);
            a.Bytes[10] ^= 0x40; // the only copy
            var journal = new RecoveryJournal(new MemoryRecordFile(), new MemoryRecordFile(), a, b, BoardPins.ChannelCount, RecoveryJournal.DefaultCapBytes);

            using var board = new AdapterBoard(new BalancerSettings(), journal);
            var events = new List<BalancerEvent>();
            board.Controller.Events.Subscribe(new EventList(events));
            journal.Attach(board.Controller);

            Assert.Equal(SettingsLoad.Defaults, board.SettingsLoad);
            Assert.Equal(BalancerSettings.DefaultOf(SettingId.TargetMillivolts), board.Controller.Settings.Get(SettingId.TargetMillivolts));
            Assert.Equal((int)SettingsLoad.Defaults, events.Single(e => e.Kind == EventKind.SettingsFallback).Value);
            Assert.All(rig.Contacts, c => Assert.False(c.IsContactClosed));
        }

        [Fact]
        public void Every_Sensor_Answers_And_Converts_Through_The_Remapped_I2c_Pins()
        {
            using var rig = new EmulatedReferenceBoard(groupMillivolts: 3_612);
            using var board = new AdapterBoard(new BalancerSettings());

            board.Controller.RunOnce();
            board.Controller.RunOnce();

            Assert.Equal(BoardPins.ChannelCount, board.AnsweringSensors);
            Assert.All(board.Controller.Status.Channels, channel =>
            {
                Assert.True(channel.IsSensorValid);
                Assert.InRange(channel.GroupMillivolts, 3_612 - 40, 3_612 + 40); // INA219 bus: 4 mV LSB, ±0.5 % + offset worst case
            });
        }

        [Fact]
        public void A_Second_Board_Cannot_Open_The_Pins_Of_One_Still_In_Use_But_Can_After_It_Is_Disposed()
        {
            using var rig = new EmulatedReferenceBoard();
            var first = new AdapterBoard(new BalancerSettings());

            Assert.Throws<System.InvalidOperationException>(() => new AdapterBoard(new BalancerSettings()));

            first.Dispose();
            Assert.Equal(0, rig.Chip.OpenPinCount);
            using var second = new AdapterBoard(new BalancerSettings());
            second.Controller.RunOnce();
            Assert.Equal(BoardPins.ChannelCount, second.AnsweringSensors);
        }
        private sealed class EventList : IEventSink
        {
            private readonly List<BalancerEvent> _events;

            public EventList(List<BalancerEvent> events) => _events = events;

            public void OnEvent(ref BalancerEvent e) => _events.Add(e);
        }
    }
}
