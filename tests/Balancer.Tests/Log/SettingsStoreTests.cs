// SPDX-License-Identifier: MIT

using System.Linq;
using Balancer.Core.Control;
using Balancer.Core.Log;
using Balancer.Core.Settings;
using Balancer.Simulator.Storage;
using Xunit;

namespace Balancer.Tests.Log
{
    /// <summary>The settings and calibrations on flash in two copies, against power cuts and damaged bytes.</summary>
    public class SettingsStoreTests
    {
        private const int Channels = 4;

        [Fact]
        public void Settings_And_Calibrations_Survive_A_Reboot()
        {
            var (a, b) = (new FlashFileEmulator(), new FlashFileEmulator());
            new SettingsStore(a, b).Save(Tuned(3_950), Calibrations(7), Modes(7), Channels);

            var settings = new BalancerSettings();
            var calibrations = new ChannelCalibration[Channels + 2];
            var modes = new ChannelMode[Channels + 2];
            var result = new SettingsStore(a, b).Load(settings, calibrations, modes);

            Assert.Equal(SettingsLoad.Loaded, result);
            Assert.Equal(3_950, settings.Get(SettingId.TargetMillivolts));
            Assert.Equal(4, settings.Get(SettingId.ToleranceMillivolts));
            Assert.Equal(Calibrations(7), calibrations.Take(Channels));
            Assert.All(calibrations.Skip(Channels), c => Assert.Equal(default(ChannelCalibration), c));
            Assert.Equal(Modes(7), modes.Take(Channels));
            Assert.All(modes.Skip(Channels), m => Assert.Equal(ChannelMode.Charge, m));
        }

        [Fact]
        public void A_Power_Cut_At_Any_Byte_Of_A_Save_Keeps_The_Previous_Copy()
        {
            var (a, b) = (new FlashFileEmulator(), new FlashFileEmulator());
            var store = new SettingsStore(a, b);
            store.Save(Tuned(3_900), Calibrations(1), Modes(1), Channels);
            store.Save(Tuned(3_950), Calibrations(2), Modes(2), Channels);
            var length = (int)a.Length;

            for (var cut = 0; cut < length; cut++)
            {
                var (copyA, copyB) = (Copy(a), Copy(b));
                var before = new SettingsStore(copyA, copyB);
                copyA.CutPowerAfter = cut; // the next save goes to A, which holds the older copy
                Assert.Throws<PowerCutException>(() => before.Save(Tuned(4_000), Calibrations(3), Modes(3), Channels));
                copyA.CutPowerAfter = null;

                var settings = new BalancerSettings();
                var calibrations = new ChannelCalibration[Channels];
                var modes = new ChannelMode[Channels];
                var result = new SettingsStore(copyA, copyB).Load(settings, calibrations, modes);

                Assert.Equal(cut == 0 ? SettingsLoad.Loaded : SettingsLoad.LoadedOtherCopyDamaged, result); // B, the newest whole copy
                Assert.Equal(3_950, settings.Get(SettingId.TargetMillivolts));
                Assert.Equal(Calibrations(2), calibrations);
                Assert.Equal(Modes(2), modes);
            }
        }

        [Fact]
        public void A_Damaged_Newest_Copy_Falls_Back_To_The_Older_One_And_Two_To_The_Defaults()
        {
            var (a, b) = (new FlashFileEmulator(), new FlashFileEmulator());
            var store = new SettingsStore(a, b);
            store.Save(Tuned(3_900), Calibrations(1), Modes(1), Channels);
            store.Save(Tuned(3_950), Calibrations(2), Modes(2), Channels);
            b.Bytes[20] ^= 0x10; // the newest copy

            var settings = new BalancerSettings();
            var calibrations = new ChannelCalibration[Channels];
            var modes = new ChannelMode[Channels];
            Assert.Equal(SettingsLoad.LoadedOtherCopyDamaged, new SettingsStore(a, b).Load(settings, calibrations, modes));
            Assert.Equal(3_900, settings.Get(SettingId.TargetMillivolts));

            a.Bytes[9] ^= 0x01;
            Assert.Equal(SettingsLoad.Defaults, new SettingsStore(a, b).Load(settings, calibrations, modes));
            Assert.Equal(BalancerSettings.DefaultOf(SettingId.TargetMillivolts), settings.Get(SettingId.TargetMillivolts));
            Assert.All(calibrations, c => Assert.Equal(default(ChannelCalibration), c));
            Assert.All(modes, m => Assert.Equal(ChannelMode.Charge, m));
        }

        [Fact]
        public void Nothing_Stored_Yet_Gives_The_Defaults_And_Says_So()
        {
            var settings = Tuned(3_950);
            var modes = Modes(1);
            var result = new SettingsStore(new FlashFileEmulator(), new FlashFileEmulator()).Load(settings, new ChannelCalibration[Channels], modes);

            Assert.Equal(SettingsLoad.NoneStored, result);
            Assert.Equal(BalancerSettings.DefaultOf(SettingId.TargetMillivolts), settings.Get(SettingId.TargetMillivolts));
            Assert.All(modes, m => Assert.Equal(ChannelMode.Charge, m));
        }

        [Fact]
        public void A_Copy_Whose_CRC_Holds_But_Whose_Values_Break_A_Limit_Is_Not_Used()
        {
            // A copy written by hand (or by a firmware with other limits): a tolerance of 1 mV, under its 2 mV minimum.
            var (a, b) = (new FlashFileEmulator(), new FlashFileEmulator());
            new SettingsStore(a, b).Save(Tuned(3_950), Calibrations(1), Modes(1), Channels);
            var bytes = a.Bytes.ToArray();
            var tolerance = 8 + (((int)SettingId.ToleranceMillivolts - 1) * 4);
            bytes[tolerance] = 1;
            var crc = Crc32.Of(bytes, 0, bytes.Length - 4);
            Balancer.Core.LittleEndian.PutInt32(bytes, bytes.Length - 4, (int)crc);
            a.Bytes.Clear();
            a.Bytes.AddRange(bytes);

            var settings = new BalancerSettings();
            Assert.Equal(SettingsLoad.Defaults, new SettingsStore(a, b).Load(settings, new ChannelCalibration[Channels], new ChannelMode[Channels]));
            Assert.Equal(BalancerSettings.DefaultOf(SettingId.ToleranceMillivolts), settings.Get(SettingId.ToleranceMillivolts));
        }

        [Fact]
        public void Replacing_Every_Setting_At_Once_Refuses_A_Contradiction_And_Changes_Nothing()
        {
            var settings = Tuned(3_950);
            var values = Enumerable.Range(0, BalancerSettings.LastId + 1).Select(id => id == 0 ? 0 : settings.Get((SettingId)id)).ToArray();
            values[(int)SettingId.CellColdResumeDeciCelsius] = values[(int)SettingId.CellColdPauseDeciCelsius] - 1; // resume below pause

            Assert.False(settings.TryReplaceAll(values));
            Assert.Equal(3_950, settings.Get(SettingId.TargetMillivolts));
            Assert.Equal(BalancerSettings.DefaultOf(SettingId.CellColdResumeDeciCelsius), settings.Get(SettingId.CellColdResumeDeciCelsius));
        }

        private static BalancerSettings Tuned(int target)
        {
            var settings = new BalancerSettings();
            Assert.Equal(SettingResult.Ok, settings.TrySet(SettingId.TargetMillivolts, target, out _));
            Assert.Equal(SettingResult.Ok, settings.TrySet(SettingId.ToleranceMillivolts, 4, out _));
            return settings;
        }

        private static ChannelCalibration[] Calibrations(int seed) => Enumerable.Range(0, Channels).Select(i => new ChannelCalibration
        {
            VoltageGainPpm = ChannelCalibration.UnityGainPpm + (seed * 100) + i,
            VoltageOffsetMillivolts = i - seed,
            CurrentOffsetMicroamperes = (seed * 10) - i,
        }).ToArray();

        private static ChannelMode[] Modes(int seed) =>
            Enumerable.Range(0, Channels).Select(i => (i + seed) % 3 == 0 ? ChannelMode.MonitorOnly : ChannelMode.Charge).ToArray();

        private static FlashFileEmulator Copy(FlashFileEmulator file)
        {
            var copy = new FlashFileEmulator();
            copy.Bytes.AddRange(file.Bytes);
            return copy;
        }
    }
}
