// SPDX-License-Identifier: MIT

using System;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Settings;
using Balancer.Simulator;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>
    /// The controller on the emulated board: the firmware's own INA219 driver, reader and relay owner against the
    /// register-level emulators. What the tick costs, and what happens when a part misbehaves.
    /// </summary>
    public class HardwareLoopTests
    {
        private static void PresentGroups(EmulatedBoard board) => BenchRig.Present(board);

        private static EmulatedBoard ChargingBoard(int channels)
        {
            var board = BenchRig.ChargingBoard(channels, new BalancerSettings(), seed: 7);
            Assert.True(BenchRig.IsEveryChannelCharging(board), "every channel charges");
            for (var t = 0; t < 5; t++)
            {
                PresentGroups(board);
                board.Controller.RunOnce();
            }

            return board;
        }

        [Fact]
        public void A_Steady_Tick_With_16_Charging_Channels_Allocates_Nothing()
        {
            var board = ChargingBoard(16);

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var t = 0; t < 1000; t++)
            {
                board.Controller.RunOnce();
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(ChannelState.Charging, board.Controller.Channel(15).State);
            Assert.InRange(board.Controller.Status.Channels[15].CurrentMilliamperes, 995, 1005);
        }

        [Fact]
        public void The_Schedule_Restarts_Only_While_Nothing_Works_So_A_Late_Tick_Still_Counts()
        {
            var idle = new EmulatedBoard(2, new BalancerSettings(), seed: 7);
            idle.Clock.Advance(3_000_000); // the boot's flash, self-test and BLE
            Assert.True(idle.Controller.RestartSchedule());
            idle.Controller.RunOnce();
            Assert.Equal(0, idle.Controller.LateTickCount);

            var board = ChargingBoard(2);
            var deadline = board.Controller.NextDeadlineMilliseconds;
            board.Clock.Advance(3_000_000);
            Assert.False(board.Controller.RestartSchedule());
            Assert.Equal(deadline, board.Controller.NextDeadlineMilliseconds);
            board.Controller.RunOnce();
            Assert.Equal(1, board.Controller.LateTickCount);
        }

        [Fact]
        public void Each_Channel_Costs_Two_Register_Reads_Per_Tick()
        {
            var board = ChargingBoard(16);
            var reads = board.Bus.ReadTransferCount;

            for (var t = 0; t < 100; t++)
            {
                board.Controller.RunOnce();
            }

            Assert.Equal(2.0, (board.Bus.ReadTransferCount - reads) / (100.0 * 16));
        }

        [Fact]
        public void The_Readings_Through_The_Driver_Match_The_Group_To_The_Bus_Resolution()
        {
            var board = ChargingBoard(2);

            var status = board.Controller.Status.Channels[0];
            Assert.InRange(status.GroupMillivolts, 3756, 3764); // 3.76 V under load, 4 mV LSB
            // The probe's ΔV/ΔI: 60 mV at 1 A, each side read to 4 mV.
            Assert.InRange(board.Controller.Channel(0).SeriesResistanceMicroohms, 52_000, 68_000);
        }

        [Fact]
        public void An_INA219_That_Stops_Acknowledging_Faults_Sensor_Lost_On_The_Third_Tick()
        {
            var board = ChargingBoard(2);
            board.Chips[1].IsNotAcknowledging = true;

            board.Controller.RunOnce();
            board.Controller.RunOnce();
            Assert.Equal(ChannelState.Charging, board.Controller.Channel(1).State);
            board.Controller.RunOnce();

            Assert.Equal(FaultCode.SensorLost, board.Controller.Channel(1).Fault);
            Assert.False(board.Coils[1].IsHigh);
            Assert.Equal(ChannelState.Charging, board.Controller.Channel(0).State);
        }

        [Fact]
        public void A_Conversion_That_Never_Finishes_Faults_Sensor_Lost()
        {
            var board = ChargingBoard(1);
            board.Chips[0].IsConversionFrozen = true;

            for (var t = 0; t < 3; t++)
            {
                board.Controller.RunOnce();
            }

            Assert.Equal(FaultCode.SensorLost, board.Controller.Channel(0).Fault);
        }

        [Fact]
        public void A_Sensor_That_Comes_Back_Is_Configured_Again_Before_It_Is_Trusted()
        {
            var board = ChargingBoard(1);
            board.Chips[0].IsNotAcknowledging = true;
            board.Controller.RunOnce();
            board.Chips[0].IsNotAcknowledging = false;
            board.Chips[0].OnWrite(new byte[] { 0x05, 0x00, 0x00 }); // lost its calibration while away

            board.Controller.RunOnce();
            board.Controller.RunOnce();

            Assert.Equal(8388, board.Chips[0].CalibrationRegister);
            Assert.Equal(FaultCode.None, board.Controller.Channel(0).Fault);
        }

        [Fact]
        public void The_Dead_Man_Drops_Every_Relay_Half_A_Second_After_The_Ticks_Stop()
        {
            var board = ChargingBoard(2);
            Assert.True(board.Contacts[0].IsContactClosed);

            board.Clock.Advance(499_000);
            Assert.True(board.Contacts[0].IsContactClosed);
            board.Clock.Advance(4_000); // the monostable's 500 ms, then the relay's 3 ms release

            Assert.False(board.Contacts[0].IsContactClosed);
            Assert.False(board.Contacts[1].IsContactClosed);
        }

        [Fact]
        public void A_Calibration_On_One_Reference_Cell_Removes_Each_Channels_Gain_And_Offset()
        {
            var board = new EmulatedBoard(2, new BalancerSettings(), seed: 3);
            board.Chips[0].BusGainErrorPpm = 8_000;    // reads 0.8 % high
            board.Chips[1].BusGainErrorPpm = -6_000;   // reads 0.6 % low
            board.Chips[1].ShuntOffsetNanovolts = 150_000; // 1.5 mA with no current
            board.Present(0, 3900, 0);
            board.Present(1, 3900, 0);
            board.Controller.RunOnce();
            board.Controller.RunOnce();
            Assert.InRange(board.Controller.Status.Channels[0].GroupMillivolts, 3928, 3936);

            Assert.Equal(CommandResult.Ok, board.Controller.BeginCalibration());
            for (var t = 0; t < 30; t++)
            {
                board.Controller.RunOnce();
            }

            Assert.Equal(2, board.Controller.FinishCalibration(3900));
            board.Controller.RunOnce();
            board.Controller.RunOnce();
            Assert.InRange(board.Controller.Status.Channels[0].GroupMillivolts, 3896, 3904);
            Assert.InRange(board.Controller.Status.Channels[1].GroupMillivolts, 3896, 3904);
            Assert.InRange(board.Reader.Calibrations[1].CurrentOffsetMicroamperes, 1_450, 1_550);
            Assert.Equal(0, board.Controller.Status.Channels[1].CurrentMilliamperes);
        }

        [Fact]
        public void Calibration_Is_Refused_While_A_Channel_Is_Active_And_An_Implausible_One_Changes_Nothing()
        {
            var board = new EmulatedBoard(1, new BalancerSettings(), seed: 3);
            board.Present(0, 3900, 0);
            board.Controller.Start(0);
            Assert.Equal(CommandResult.Busy, board.Controller.BeginCalibration());
            board.Controller.Stop(0);

            board.Controller.BeginCalibration();
            for (var t = 0; t < 30; t++)
            {
                board.Controller.RunOnce();
            }

            Assert.Equal(0, board.Controller.FinishCalibration(4200)); // 7.7 % off: a wiring fault, not a calibration
            Assert.Equal(ChannelCalibration.UnityGainPpm, board.Reader.Calibrations[0].VoltageGainPpm);
            Assert.Equal(CommandResult.InvalidValue, board.Controller.SetCalibration(0, new ChannelCalibration { VoltageGainPpm = 2_000_000 }));
        }
    }
}
