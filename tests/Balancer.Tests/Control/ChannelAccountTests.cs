// SPDX-License-Identifier: MIT

using System;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Guardrails;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>A channel's account round-trips through its byte record, which the recovery log and BLE carry.</summary>
    public class ChannelAccountTests
    {
        [Fact]
        public void A_Full_Account_Round_Trips_Through_Its_Record_Times_In_Whole_Seconds()
        {
            var account = new ChannelAccount
            {
                State = ChannelState.Fault,
                Mode = ChannelMode.Charge,
                StartOcvMillivolts = 3_612,
                HasStartOcv = true,
                OcvMillivolts = 4_123,
                HasOcv = true,
                SeriesResistanceMicroohms = 812_345,
                HasSeriesResistance = true,
                DeliveredMicroampereMilliseconds = 3_600_000_000L * 4_321, // 4321 mAh: past 32 bits
                ChargeMilliseconds = 12_345_678,
                PeakDeciCelsius = -55,
                HasPeakTemperature = true,
                PauseCount = 3,
                PauseMilliseconds = 600_999,
                HasRecovered = true,
                IsDeepDischargeConfirmed = true,
                ChargerLimitMillivolts = 4_118,
                SelfDischargeMicrovoltsPerHour = -1_234,
                SelfDischargeUncertaintyMicrovoltsPerHour = 40_321,
                HasSelfDischarge = true,
                IsFoundAtTarget = true,
                Fault = FaultCode.PoorContact,
                FaultGuardrail = GuardrailId.ContactResistance,
                FaultValue = 812_345,
                FaultThreshold = 300_000,
            };
            var buffer = new byte[ChannelAccount.RecordLength + 3];

            account.Write(buffer, 3);
            var back = new ChannelAccount();

            Assert.True(back.TryRead(buffer, 3));
            Assert.Equal(account.State, back.State);
            Assert.Equal(account.Mode, back.Mode);
            Assert.Equal(account.StartOcvMillivolts, back.StartOcvMillivolts);
            Assert.Equal(account.OcvMillivolts, back.OcvMillivolts);
            Assert.Equal(account.SeriesResistanceMicroohms, back.SeriesResistanceMicroohms);
            Assert.Equal(account.DeliveredMicroampereMilliseconds, back.DeliveredMicroampereMilliseconds);
            Assert.Equal(12_345_000, back.ChargeMilliseconds);
            Assert.Equal(-55, back.PeakDeciCelsius);
            Assert.Equal(3, back.PauseCount);
            Assert.Equal(600_000, back.PauseMilliseconds);
            Assert.Equal(4_118, back.ChargerLimitMillivolts);
            Assert.Equal(-1_234, back.SelfDischargeMicrovoltsPerHour);
            Assert.Equal(40_321, back.SelfDischargeUncertaintyMicrovoltsPerHour);
            Assert.Equal(FaultCode.PoorContact, back.Fault);
            Assert.Equal(GuardrailId.ContactResistance, back.FaultGuardrail);
            Assert.Equal(812_345, back.FaultValue);
            Assert.Equal(300_000, back.FaultThreshold);
            Assert.True(back.HasStartOcv && back.HasOcv && back.HasSeriesResistance && back.HasPeakTemperature);
            Assert.True(back.HasRecovered && back.IsDeepDischargeConfirmed && back.HasSelfDischarge && back.IsFoundAtTarget);
        }

        [Fact]
        public void An_Uncertainty_Beyond_Its_16_Bits_Is_Kept_At_Their_Limit()
        {
            var account = new ChannelAccount { SelfDischargeUncertaintyMicrovoltsPerHour = 90_000 };
            var buffer = new byte[ChannelAccount.RecordLength];

            account.Write(buffer, 0);
            var back = new ChannelAccount();

            Assert.True(back.TryRead(buffer, 0));
            Assert.Equal(65_535, back.SelfDischargeUncertaintyMicrovoltsPerHour);
        }

        [Fact]
        public void The_Record_Is_Little_Endian_With_Its_Version_First()
        {
            var buffer = new byte[ChannelAccount.RecordLength];

            new ChannelAccount { State = ChannelState.Charging, OcvMillivolts = 0x101B, HasOcv = true }.Write(buffer, 0);

            Assert.Equal(60, ChannelAccount.RecordLength);
            Assert.Equal(ChannelAccount.RecordVersion, buffer[0]);
            Assert.Equal((byte)ChannelState.Charging, buffer[1]);
            Assert.Equal(2, buffer[3]); // the has-OCV flag alone
            Assert.Equal(new byte[] { 0x1B, 0x10, 0, 0 }, buffer[8..12]);
        }

        [Theory]
        [InlineData("another version", 0, 2)]
        [InlineData("an unknown state", 1, 10)]
        [InlineData("an unknown mode", 2, 9)]
        public void A_Record_It_Cannot_Read_Changes_Nothing(string what, int at, byte value)
        {
            var buffer = new byte[ChannelAccount.RecordLength];
            new ChannelAccount { OcvMillivolts = 3_900, HasOcv = true }.Write(buffer, 0);
            buffer[at] = value;
            var account = new ChannelAccount { OcvMillivolts = 1 };

            Assert.False(account.TryRead(buffer, 0), what);
            Assert.Equal(1, account.OcvMillivolts);
            Assert.False(account.TryRead(new byte[ChannelAccount.RecordLength - 1], 0));
            Assert.False(account.TryRead(null, 0));
        }

        [Fact]
        public void A_Real_Sessions_Account_Is_The_Channels_And_Survives_The_Record()
        {
            var rig = new ControlRig();
            rig.StartAndRunToCharging();
            rig.RunFor(10 * 60_000);
            var account = rig.Channel().Account;
            var buffer = new byte[ChannelAccount.RecordLength];

            account.Write(buffer, 0);
            var rebuilt = new ChannelAccount();
            Assert.True(rebuilt.TryRead(buffer, 0));

            Assert.Equal(rig.State(), rebuilt.State);
            Assert.Equal(rig.Channel().StartOcvMillivolts, rebuilt.StartOcvMillivolts);
            Assert.Equal(rig.Channel().DeliveredMilliampereHours, (int)(rebuilt.DeliveredMicroampereMilliseconds / 3_600_000_000L));
            Assert.InRange(rig.Channel().DeliveredMilliampereHours, 150, 170); // about 10 min at 1 A
            Assert.Equal(rig.Channel().ChargeMilliseconds / 1000, rebuilt.ChargeMilliseconds / 1000);
            Assert.Equal(rig.Channel().SeriesResistanceMicroohms, rebuilt.SeriesResistanceMicroohms);
        }
    }
}
