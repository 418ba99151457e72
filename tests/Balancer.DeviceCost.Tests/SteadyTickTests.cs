// SPDX-License-Identifier: MIT

using Balancer.DeviceCost;
using Xunit;

namespace Balancer.DeviceCost.Tests
{
    /// <summary>
    /// The instrumentation counts what the firmware is known to do per steady charging tick: each INA219 gets two
    /// register reads and one trigger write, each analog input (cell NTCs, board NTC, 12 V divider) 16 conversions
    /// (ReferenceBoard's averaging), and the loop reads its clock, sleeps once and toggles the heartbeat once.
    /// </summary>
    [Collection(DeviceCostCollection.Name)]
    public sealed class SteadyTickTests
    {
        private const int AdcSamplesPerReading = 16; // ReferenceBoard: AdcInput averaging
        private const int RegisterBytes = 2; // INA219 registers are 16 bits
        private readonly DeviceCostFixture _fixture;

        public SteadyTickTests(DeviceCostFixture fixture)
        {
            _fixture = fixture;
        }

        [Theory]
        [InlineData(4)]
        [InlineData(16)]
        public void Each_Channel_Costs_Two_Register_Reads_And_One_Trigger_Write(int channels)
        {
            var counts = _fixture.At(channels);

            Assert.True(counts.StayedCharging);
            Assert.Equal(2.0 * channels, counts.Native(NativeCallKind.I2cWriteRead), 6);
            Assert.Equal(1.0 * channels, counts.Native(NativeCallKind.I2cWrite), 6);
            Assert.Equal(3.0 * channels, counts.I2cTransactions, 6);
            // A read writes the 1-byte pointer and reads 2 bytes; a trigger writes pointer and 2 bytes.
            Assert.Equal(channels * ((2 * 1) + (1 + RegisterBytes)), counts.I2cBytesWritten, 6);
            Assert.Equal(channels * 2 * RegisterBytes, counts.I2cBytesRead, 6);
        }

        [Theory]
        [InlineData(4)]
        [InlineData(16)]
        public void The_Supply_And_One_Thermistor_In_Turn_Are_Sampled_Sixteen_Times_A_Tick(int channels)
        {
            // Every tick the 12 V divider; the cell NTCs and the board NTC one per tick, in turn.
            Assert.Equal(2 * AdcSamplesPerReading, _fixture.At(channels).Native(NativeCallKind.AdcRead), 6);
        }

        [Theory]
        [InlineData(4)]
        [InlineData(16)]
        public void The_Loop_Sleeps_Once_And_Toggles_The_Heartbeat_Once(int channels)
        {
            var counts = _fixture.At(channels);

            Assert.Equal(1.0, counts.Native(NativeCallKind.ClockSleep), 6);
            Assert.Equal(1.0, counts.Native(NativeCallKind.GpioWrite), 6);
            Assert.True(counts.Native(NativeCallKind.ClockRead) >= 1);
        }

        [Fact]
        public void Work_Grows_With_The_Channel_Count()
        {
            var four = _fixture.At(4);
            var sixteen = _fixture.At(16);

            Assert.True(sixteen.Instructions > 3 * four.Instructions);
            // Each added channel costs at least its three I²C calls (two reads, one trigger).
            Assert.True(sixteen.Calls - four.Calls >= 12 * 3);
            Assert.True(four.Calls < four.Instructions);
            Assert.Contains(sixteen.Methods, m => m.Name == "Balancer.Core.Control.BalancerController::RunOnce" && m.Entries == 1);
        }

        [Fact]
        public void A_Status_Notification_And_The_Validation_Of_A_Write_Allocate_Nothing_On_NanoClr()
        {
            var counts = _fixture.Meter.MeasureNotificationRounds(16);

            // Every round encoded 17 frames and validated three writes; the queue took the stop (10 rounds, 16 slots).
            Assert.Contains(counts.Methods, m => m.Name == "Balancer.Core.Protocol.ProtocolFrames::WriteChannelStatus" && m.Entries == 16);
            Assert.Contains(counts.Methods, m => m.Name == "Balancer.Core.Protocol.CommandHandler::HandleCommand" && m.Entries == 2);
            Assert.Contains(counts.Methods, m => m.Name == "Balancer.Core.Control.CommandQueue::TryEnqueue" && m.Entries == 1);
            Assert.Equal(0, counts.TotalAllocations);
        }

        [Fact]
        public void The_Loops_Side_Of_The_Recovery_Log_Allocates_Nothing_On_NanoClr()
        {
            var counts = _fixture.Meter.MeasureRecorderRounds(4, loggingSide: false);

            // Every round queued a fault, a clip check's end and its checkpoint (the account written into the ring and
            // checked against the channel's last one), and dropped a pulse.
            Assert.Contains(counts.Methods, m => m.Name == "Balancer.Core.Log.SessionRecorder::OnEvent" && m.Entries == 3);
            Assert.Contains(counts.Methods, m => m.Name == "Balancer.Core.Control.ChannelAccount::Write" && m.Entries == 1);
            Assert.Contains(counts.Methods, m => m.Name == "Balancer.Core.Log.Crc32::Of" && m.Entries == 1);
            Assert.DoesNotContain(counts.Methods, m => m.Name == "Balancer.Core.Log.RecordLog::Append");
            Assert.Equal(0, counts.TotalAllocations);
        }

        [Fact]
        public void The_Logging_Side_Writes_And_Commits_A_Batch_Without_Allocating_On_NanoClr()
        {
            var counts = _fixture.Meter.MeasureRecorderRounds(4, loggingSide: true);

            // Each round: the fault and the clip check's end, and the checkpoint of a channel whose account is new (rounds
            // 1-3; the later ones repeat an account already logged, which is not written again), in one commit.
            Assert.Contains(counts.Methods, m => m.Name == "Balancer.Core.Log.RecordLog::Append" && System.Math.Abs(m.Entries - 2.3) < 1e-9);
            Assert.Contains(counts.Methods, m => m.Name == "Balancer.Core.Log.RecordLog::Flush" && m.Entries == 1);
            Assert.Equal(0, counts.TotalAllocations);
        }

        [Fact]
        public void The_Model_Measures_The_Release_Build_A_Device_Image_Is_Made_From()
        {
            Assert.Equal("Release", _fixture.At(4).Configuration);
        }

        [Theory]
        [InlineData(4)]
        [InlineData(16)]
        public void A_Steady_Tick_Makes_No_NanoClr_Heap_Allocation(int channels)
        {
            var counts = _fixture.At(channels);

            Assert.Equal(0.0, counts.TotalAllocations);
        }

        [Fact]
        public void The_Four_Channel_Reference_Board_Fits_Twenty_Milliseconds_At_The_High_End_Of_The_Model()
        {
            var counts = _fixture.At(4);

            Assert.True(counts.StayedCharging);
            Assert.True(
                DeviceCostModel.Estimate(counts).HighMilliseconds <= DeviceCostModel.BudgetMilliseconds,
                $"modelled {DeviceCostModel.Estimate(counts).HighMilliseconds:F1} ms at the high end");
        }

        [Fact(Skip = "Known gap: measured 22.3–61.4 ms modelled per tick at 16 channels (Release build: 37 683 IL, 1 134 calls, "
            + "32 ADC reads, 48 I²C transactions). The native work alone models at 8.7–16.9 ms (48 I²C transactions with their "
            + "wire time at 400 kHz, 32 ADC conversions), so the high end cannot fit 20 ms with estimated unit costs; the "
            + "first scope measurement on a board decides (docs/device-cost.md)")]
        public void Sixteen_Channels_Fit_Twenty_Milliseconds_Modelled()
        {
            var counts = _fixture.At(16);

            Assert.True(DeviceCostModel.Estimate(counts).HighMilliseconds <= DeviceCostModel.BudgetMilliseconds);
        }
    }
}
