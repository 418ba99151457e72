// SPDX-License-Identifier: MIT

using Balancer.Core.Control;
using Balancer.Core.Settings;

namespace Balancer.Core.Log
{
    /// <summary>What <see cref="SettingsStore.Load"/> found.</summary>
    public enum SettingsLoad
    {
        /// <summary>The newest copy, whole and valid; the other slot whole or empty.</summary>
        Loaded = 0,

        /// <summary>
        /// A whole, valid copy was used, and the other slot holds a damaged one: a save cut by the power, or flash that
        /// went bad. Worth an event: if it was the newer copy, the last change is lost.
        /// </summary>
        LoadedOtherCopyDamaged = 1,

        /// <summary>No valid copy, both slots holding something damaged: the defaults, no calibration, every channel charging.</summary>
        Defaults = 2,

        /// <summary>Nothing stored yet (a new board, or flash erased): the defaults, no calibration, every channel charging.</summary>
        NoneStored = 3,
    }

    /// <summary>
    /// The settings and each channel's calibration and mode (charge, or monitor-only as a reference), kept on flash in two copies written in turn (A/B), so a power cut
    /// during a write leaves the previous copy whole (docs/recovery-log.md). A copy is
    /// <c>[0xB5][version 1][generation u32][setting count u8][channel count u8][settings i32…][per channel: gain, offset, current
    /// offset i32, mode u8][CRC-32]</c>;
    /// the newer valid generation wins. A copy whose CRC holds but whose values are out of range counts as damaged.
    /// </summary>
    public sealed class SettingsStore
    {
        /// <summary>The first byte of a copy.</summary>
        public const byte Magic = 0xB5;

        /// <summary>The format's version.</summary>
        public const byte Version = 1;

        /// <summary>The most channels a copy holds.</summary>
        public const int MaximumChannels = 16;

        private const int HeaderLength = 8;
        private const int ChannelLength = 13;

        private readonly IRecordFile[] _slots;
        private readonly byte[] _copy;
        private readonly int[] _values;

        /// <summary>A store over two files (or two regions) of flash.</summary>
        public SettingsStore(IRecordFile a, IRecordFile b)
        {
            _slots = new[] { a, b };
            _copy = new byte[HeaderLength + (BalancerSettings.LastId * 4) + (MaximumChannels * ChannelLength) + 4];
            _values = new int[BalancerSettings.LastId + 1];
        }

        /// <summary>
        /// Writes a new copy, one generation past the newest, into the slot that holds the older copy (or a damaged one):
        /// the settings and the first <paramref name="channels"/> calibrations and modes. A cut during the write damages only
        /// that slot.
        /// </summary>
        public void Save(BalancerSettings settings, ChannelCalibration[] calibrations, ChannelMode[] modes, int channels)
        {
            channels = channels < 0 ? 0 : channels > MaximumChannels ? MaximumChannels : channels;
            var hasA = ReadGeneration(0, out var a);
            var hasB = ReadGeneration(1, out var b);
            var target = !hasA ? 0 : !hasB ? 1 : a <= b ? 0 : 1;
            var newest = hasA && hasB ? (a > b ? a : b) : hasA ? a : hasB ? b : 0;
            var length = Encode(settings, calibrations, modes, channels, newest + 1);
            var slot = _slots[target];
            slot.Truncate(0);
            slot.Append(_copy, 0, length);
            slot.Flush();
        }

        /// <summary>
        /// Loads the newest valid copy into <paramref name="settings"/>, <paramref name="calibrations"/> and
        /// <paramref name="modes"/> (as many channels as both hold; the others charge), or the defaults when neither copy is
        /// valid. A channel without a calibration gets the all-zero one, which is not plausible: apply only plausible ones.
        /// </summary>
        public SettingsLoad Load(BalancerSettings settings, ChannelCalibration[] calibrations, ChannelMode[] modes)
        {
            var hasA = ReadGeneration(0, out var a);
            var hasB = ReadGeneration(1, out var b);
            if (hasA || hasB)
            {
                var newest = hasA && (!hasB || a >= b) ? 0 : 1;
                var other = 1 - newest;
                var otherWhole = other == 0 ? hasA : hasB;
                if (TryApply(newest, settings, calibrations, modes))
                {
                    return otherWhole || _slots[other].Length == 0 ? SettingsLoad.Loaded : SettingsLoad.LoadedOtherCopyDamaged;
                }

                if (otherWhole && TryApply(other, settings, calibrations, modes))
                {
                    return SettingsLoad.LoadedOtherCopyDamaged;
                }
            }

            settings.ResetToDefaults();
            for (var i = 0; i < calibrations.Length; i++)
            {
                calibrations[i] = default(ChannelCalibration);
            }

            for (var i = 0; i < modes.Length; i++)
            {
                modes[i] = ChannelMode.Charge;
            }

            return _slots[0].Length == 0 && _slots[1].Length == 0 ? SettingsLoad.NoneStored : SettingsLoad.Defaults;
        }

        private int Encode(BalancerSettings settings, ChannelCalibration[] calibrations, ChannelMode[] modes, int channels, uint generation)
        {
            var copy = _copy;
            copy[0] = Magic;
            copy[1] = Version;
            LittleEndian.PutInt32(copy, 2, (int)generation);
            copy[6] = (byte)BalancerSettings.LastId;
            copy[7] = (byte)channels;
            var at = HeaderLength;
            for (var id = 1; id <= BalancerSettings.LastId; id++, at += 4)
            {
                LittleEndian.PutInt32(copy, at, settings.Get((SettingId)id));
            }

            for (var i = 0; i < channels; i++, at += ChannelLength)
            {
                LittleEndian.PutInt32(copy, at, calibrations[i].VoltageGainPpm);
                LittleEndian.PutInt32(copy, at + 4, calibrations[i].VoltageOffsetMillivolts);
                LittleEndian.PutInt32(copy, at + 8, calibrations[i].CurrentOffsetMicroamperes);
                copy[at + 12] = (byte)(i < modes.Length ? modes[i] : ChannelMode.Charge);
            }

            LittleEndian.PutInt32(copy, at, (int)Crc32.Of(copy, 0, at));
            return at + 4;
        }

        /// <summary>Reads a slot into the buffer and checks its form and CRC; its generation when whole.</summary>
        private bool ReadGeneration(int slot, out uint generation)
        {
            generation = 0;
            var file = _slots[slot];
            var length = file.Length;
            if (length < HeaderLength + 4 || length > _copy.Length || file.Read(0, _copy, 0, (int)length) != length
                || _copy[0] != Magic || _copy[1] != Version || _copy[6] != BalancerSettings.LastId || _copy[7] > MaximumChannels
                || length != HeaderLength + (_copy[6] * 4) + (_copy[7] * ChannelLength) + 4
                || (uint)LittleEndian.GetInt32(_copy, (int)length - 4) != Crc32.Of(_copy, 0, (int)length - 4))
            {
                return false;
            }

            generation = (uint)LittleEndian.GetInt32(_copy, 2);
            return true;
        }

        private bool TryApply(int slot, BalancerSettings settings, ChannelCalibration[] calibrations, ChannelMode[] modes)
        {
            if (!ReadGeneration(slot, out _))
            {
                return false;
            }

            var at = HeaderLength;
            for (var id = 1; id <= BalancerSettings.LastId; id++, at += 4)
            {
                _values[id] = LittleEndian.GetInt32(_copy, at);
            }

            var channels = _copy[7];
            for (var i = 0; i < channels; i++)
            {
                var calibration = CalibrationAt(at + (i * ChannelLength));
                if ((!calibration.IsPlausible && !IsNone(calibration)) || _copy[at + (i * ChannelLength) + 12] > (byte)ChannelMode.MonitorOnly)
                {
                    return false;
                }
            }

            if (!settings.TryReplaceAll(_values))
            {
                return false;
            }

            for (var i = 0; i < calibrations.Length; i++)
            {
                calibrations[i] = i < channels ? CalibrationAt(at + (i * ChannelLength)) : default(ChannelCalibration);
            }

            for (var i = 0; i < modes.Length; i++)
            {
                modes[i] = i < channels ? (ChannelMode)_copy[at + (i * ChannelLength) + 12] : ChannelMode.Charge;
            }

            return true;
        }

        private static bool IsNone(ChannelCalibration calibration) =>
            calibration.VoltageGainPpm == 0 && calibration.VoltageOffsetMillivolts == 0 && calibration.CurrentOffsetMicroamperes == 0;

        private ChannelCalibration CalibrationAt(int at) => new ChannelCalibration
        {
            VoltageGainPpm = LittleEndian.GetInt32(_copy, at),
            VoltageOffsetMillivolts = LittleEndian.GetInt32(_copy, at + 4),
            CurrentOffsetMicroamperes = LittleEndian.GetInt32(_copy, at + 8),
        };
    }
}
