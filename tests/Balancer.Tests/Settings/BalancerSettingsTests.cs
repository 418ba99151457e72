// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using Balancer.Core.Settings;
using Xunit;

namespace Balancer.Tests.Settings
{
    /// <summary>Every setting has a range whose bounds hold the hard limits; a refused value changes nothing.</summary>
    public class BalancerSettingsTests
    {
        private static readonly SettingId[] All = Enum.GetValues<SettingId>().Where(id => id != SettingId.None).ToArray();

        [Fact]
        public void Every_Setting_Has_A_Range_That_Holds_Its_Default()
        {
            foreach (var id in All)
            {
                Assert.True(BalancerSettings.IsDefined(id), id.ToString());
                Assert.InRange(BalancerSettings.DefaultOf(id), BalancerSettings.MinimumOf(id), BalancerSettings.MaximumOf(id));
            }
        }

        [Fact]
        public void The_Defaults_Are_The_Spec_Numbers()
        {
            var settings = new BalancerSettings();

            Assert.Equal(100, settings.Get(SettingId.TickPeriodMilliseconds));
            Assert.Equal(5, settings.Get(SettingId.ToleranceMillivolts));
            Assert.Equal(30_000, settings.Get(SettingId.RestMilliseconds));
            Assert.Equal(4250, settings.Get(SettingId.OverVoltageMillivolts));
            Assert.Equal(1300, settings.Get(SettingId.OverCurrentMilliamperes));
            Assert.Equal(20, settings.Get(SettingId.RelayOpenCurrentMilliamperes));
            Assert.Equal(50, settings.Get(SettingId.CellColdPauseDeciCelsius));
            Assert.Equal(80, settings.Get(SettingId.CellColdResumeDeciCelsius));
            Assert.Equal(450, settings.Get(SettingId.CellHotPauseDeciCelsius));
            Assert.Equal(400, settings.Get(SettingId.CellHotResumeDeciCelsius));
            Assert.Equal(550, settings.Get(SettingId.CellFaultDeciCelsius));
            Assert.Equal(700, settings.Get(SettingId.BoardPauseDeciCelsius));
            Assert.Equal(600, settings.Get(SettingId.BoardResumeDeciCelsius));
            Assert.Equal(850, settings.Get(SettingId.BoardFaultDeciCelsius));
            Assert.Equal(10_500, settings.Get(SettingId.SupplyPauseMillivolts));
            Assert.Equal(60 * 60_000, settings.Get(SettingId.HoldMilliseconds));
            Assert.Equal(30 * 60_000, settings.Get(SettingId.HoldSettleMilliseconds));
        }

        [Theory]
        [InlineData(SettingId.OverVoltageMillivolts, 4300)]
        [InlineData(SettingId.OverCurrentMilliamperes, 1600)]
        [InlineData(SettingId.CellFaultDeciCelsius, 550)]
        [InlineData(SettingId.BoardFaultDeciCelsius, 850)]
        [InlineData(SettingId.TargetMillivolts, 4200)]
        [InlineData(SettingId.TickPeriodMilliseconds, 1000)]
        [InlineData(SettingId.ToleranceMillivolts, 50)]
        public void A_Hard_Limit_Is_The_Largest_Value_Accepted(SettingId id, int limit)
        {
            var settings = new BalancerSettings();

            Assert.Equal(SettingResult.AboveMaximum, settings.TrySet(id, limit + 1, out _));
            Assert.Equal(BalancerSettings.DefaultOf(id), settings.Get(id));
            Assert.Equal(SettingResult.Ok, settings.TrySet(id, limit, out _));
            Assert.Equal(limit, settings.Get(id));
        }

        [Theory]
        [InlineData(SettingId.TickPeriodMilliseconds, 50)]
        [InlineData(SettingId.ToleranceMillivolts, 2)]
        public void Below_The_Minimum_Is_Refused(SettingId id, int minimum)
        {
            var settings = new BalancerSettings();

            Assert.Equal(SettingResult.BelowMinimum, settings.TrySet(id, minimum - 1, out _));
            Assert.Equal(SettingResult.Ok, settings.TrySet(id, minimum, out _));
        }

        [Fact]
        public void An_Unknown_Setting_Is_Refused()
        {
            var settings = new BalancerSettings();

            Assert.Equal(SettingResult.UnknownSetting, settings.TrySet((SettingId)999, 1, out _));
            Assert.Equal(SettingResult.UnknownSetting, settings.TrySet(SettingId.None, 1, out _));
        }

        [Theory]
        [InlineData(SettingId.CellColdResumeDeciCelsius, 50, SettingId.CellColdPauseDeciCelsius)]
        [InlineData(SettingId.CellHotResumeDeciCelsius, 440, SettingId.None)]
        [InlineData(SettingId.CellHotPauseDeciCelsius, 400, SettingId.CellHotResumeDeciCelsius)]
        [InlineData(SettingId.CellFaultDeciCelsius, 450, SettingId.CellHotPauseDeciCelsius)]
        [InlineData(SettingId.BoardResumeDeciCelsius, 700, SettingId.BoardPauseDeciCelsius)]
        [InlineData(SettingId.SupplyResumeMillivolts, 10_500, SettingId.SupplyPauseMillivolts)]
        [InlineData(SettingId.OverCurrentMilliamperes, 1000, SettingId.ChargeCurrentMilliamperes)]
        [InlineData(SettingId.HoldMilliseconds, 40 * 60_000, SettingId.None)]
        [InlineData(SettingId.HoldSettleMilliseconds, 60 * 60_000, SettingId.HoldMilliseconds)]
        public void A_Value_That_Contradicts_Another_Setting_Is_Refused_And_Changes_Nothing(SettingId id, int value, SettingId conflict)
        {
            var settings = new BalancerSettings();
            var before = settings.Get(id);

            var result = settings.TrySet(id, value, out var other);

            if (conflict == SettingId.None)
            {
                Assert.Equal(SettingResult.Ok, result);
                return;
            }

            Assert.Equal(SettingResult.Conflicts, result);
            Assert.Equal(conflict, other);
            Assert.Equal(before, settings.Get(id));
        }
    }
}
