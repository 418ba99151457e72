// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using System.Threading;
using Balancer.Core;
using Balancer.Core.Settings;
using Balancer.Drivers.Ntc;
using Balancer.Tests.Settings;
using CsCheck;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>
    /// The safety property over random sensor sequences: a relay is closed only while every guardrail held at the last
    /// sample, and a violation opens it in the tick that read it. The oracle below re-states spec §5 on its own, from
    /// the frames the controller was given and the relay pins, without asking the controller what it decided.
    /// </summary>
    public class GuardrailPropertyTests
    {
        private const int Channels = 2;
        private const int TicksPerSequence = 60;
        private const int Sequences = 100_000;
        private const int Period = 1000; // the longest tick: rests and debounces take few ticks, so sequences stay short

        /// <summary>One tick's disturbance: what changes in the world, on which channel, how much, for how long.</summary>
        public readonly record struct Disturbance(int Kind, int Channel, int Magnitude, int Ticks);

        private static readonly Gen<Disturbance[]> Sequence =
            Gen.Select(Gen.Int[0, 79], Gen.Int[0, Channels - 1], Gen.Int[0, 999], Gen.Int[1, 14], (k, c, m, n) => new Disturbance(k, c, m, n))
                .Array[TicksPerSequence];

        private static long _closedChannelTicks;
        private static long _channelTicks;
        private static long _violations;

        [Fact]
        public void A_Relay_Is_Closed_Only_While_Every_Guardrail_Held_At_The_Last_Sample()
        {
            _closedChannelTicks = 0;
            _channelTicks = 0;
            _violations = 0;

            Sequence.Sample(Run, iter: Sequences, threads: Environment.ProcessorCount);

            // The property must not hold for want of closed relays or of violations.
            Assert.True(_closedChannelTicks > _channelTicks / 10, $"relays closed in only {_closedChannelTicks} of {_channelTicks} channel-ticks");
            Assert.True(_violations > Sequences, $"only {_violations} violations were generated");
        }

        private static void Run(Disturbance[] sequence)
        {
            var rig = new ControlRig(Channels, s =>
            {
                s.Accept(SettingId.TickPeriodMilliseconds, Period);
                s.Accept(SettingId.RestMilliseconds, 5_000);
                s.Accept(SettingId.ChargePulseMilliseconds, 10_000);
            });
            var world = new World(rig);
            var oracle = new Oracle();
            rig.Groups[0].OcvMillivolts = 3700;
            rig.Groups[1].OcvMillivolts = 3900;
            rig.Controller.StartAll();
            long closed = 0, violations = 0;
            var trace = new[] { new System.Collections.Generic.List<string>(), new System.Collections.Generic.List<string>() };

            foreach (var disturbance in sequence)
            {
                var lateness = world.Apply(disturbance);
                var closedBefore = new[] { rig.Coils[0].IsHigh, rig.Coils[1].IsHigh };
                var settledBefore = new bool[Channels];
                for (var c = 0; c < Channels; c++)
                {
                    // Settled: the sample's conversion (triggered at the previous tick) began 50 ms after the relay switched.
                    settledBefore[c] = rig.Now - (rig.Coils[c].LastChangeMicroseconds / 1000) >= 50;
                }

                rig.Tick(lateness);
                for (var c = 0; c < Channels; c++)
                {
                    var f = rig.Frame.Channels[c];
                    trace[c].Add($"  t={rig.Now} V={f.GroupMillivolts} I={f.CurrentMicroamperes} valid={f.IsValid} closed={closedBefore[c]} settled={settledBefore[c]} -> {rig.State(c)}");
                }

                world.EndTick();
                var late = lateness > 3 * Period;
                oracle.Board(rig.Frame, late);
                for (var c = 0; c < Channels; c++)
                {
                    var violated = oracle.Channel(c, rig, settledBefore[c] && closedBefore[c], settledBefore[c] && !closedBefore[c]);
                    if (violated)
                    {
                        violations++;
                    }

                    if (rig.Coils[c].IsHigh)
                    {
                        closed++;
                        if (violated)
                        {
                            var recent = string.Join("\n", rig.Recorder.Events.Where(e => e.Channel == c || e.Channel == -1).TakeLast(12)
                                .Select(e => $"  {e.TimeMilliseconds} {e.Kind} {e.From}->{e.To} {e.Reason} {e.Guardrail} {e.Value}"));
                            throw new Exception(
                                $"channel {c} relay closed at {rig.Now} ms in {rig.State(c)} although {oracle.Why(c)}; last events:\n{recent}\nlast samples:\n{string.Join("\n", trace[c].TakeLast(10))}");
                        }
                    }
                }
            }

            Interlocked.Add(ref _closedChannelTicks, closed);
            Interlocked.Add(ref _channelTicks, TicksPerSequence * Channels);
            Interlocked.Add(ref _violations, violations);
        }

        /// <summary>Applies disturbances to the toy groups and the board: some persist, some last a few ticks.</summary>
        private sealed class World
        {
            private readonly ControlRig _rig;
            private readonly int[] _overrideTicks = new int[Channels];

            public World(ControlRig rig) => _rig = rig;

            public long Apply(Disturbance d)
            {
                var group = _rig.Groups[d.Channel];
                var m = d.Magnitude;
                switch (d.Kind)
                {
                    case 0: // cell temperature, around every threshold
                        group.TemperatureDeciCelsius = Pick(m, -100, 0, 49, 50, 79, 80, 250, 300, 400, 401, 449, 450, 549, 550, 600);
                        break;
                    case 1:
                        group.NtcStatus = m < 700 ? NtcStatus.Ok : m < 850 ? NtcStatus.Open : NtcStatus.Short;
                        break;
                    case 2: // a voltage near the over-voltage trip
                        group.ForcedMillivolts = 4235 + (m % 80);
                        _overrideTicks[d.Channel] = 1 + (d.Ticks % 3);
                        break;
                    case 3: // a current near the over-current trip
                        group.ForcedMilliamperes = 1250 + (m % 150);
                        _overrideTicks[d.Channel] = 1 + (d.Ticks % 4);
                        break;
                    case 4: // the sensor stops answering
                        group.IsAnswering = false;
                        _overrideTicks[d.Channel] = 1 + (d.Ticks % 4);
                        break;
                    case 5: // conversions stop
                        group.IsConverting = false;
                        _overrideTicks[d.Channel] = 1 + (d.Ticks % 4);
                        break;
                    case 6: // current with the relay open
                        group.LeakageWhenOpenMilliamperes = Pick(m, 0, 0, 0, 15, 20, 21, 40);
                        break;
                    case 7:
                        _rig.SupplyMillivolts = Pick(m, 9_000, 10_499, 10_500, 10_999, 11_000, 12_000, 12_000);
                        break;
                    case 8:
                        _rig.BoardDeciCelsius = Pick(m, 300, 300, 600, 601, 699, 700, 849, 850);
                        break;
                    case 9:
                        _rig.BoardStatus = m < 900 ? NtcStatus.Ok : NtcStatus.Open;
                        break;
                    case 10: // the voltage falls at steady current
                        group.ForcedMillivolts = group.LoadedMillivolts - 40 - (m % 25);
                        _overrideTicks[d.Channel] = d.Ticks % 4;
                        break;
                    case 11: // the charger delivers little or nothing
                        group.ForcedMilliamperes = m % 26;
                        group.ForcedMillivolts = 3760;
                        _overrideTicks[d.Channel] = 5 + d.Ticks;
                        break;
                    case 12:
                        return Pick(m, 0, 200, 2_999, 3_000, 3_001, 4_500);
                }

                return 0;
            }

            public void EndTick()
            {
                for (var c = 0; c < Channels; c++)
                {
                    if (_overrideTicks[c] > 0 && --_overrideTicks[c] == 0)
                    {
                        var group = _rig.Groups[c];
                        group.ForcedMillivolts = null;
                        group.ForcedMilliamperes = null;
                        group.IsAnswering = true;
                        group.IsConverting = true;
                    }
                }
            }

            private static int Pick(int magnitude, params int[] values) => values[magnitude % values.Length];
        }

        /// <summary>Spec §5 restated: debounces, hysteresis and latches, from the frames alone.</summary>
        private sealed class Oracle
        {
            private readonly bool[] _faulted = new bool[Channels];
            private readonly string[] _faultReason = new string[Channels];
            private readonly int[] _overCurrent = new int[Channels];
            private readonly int[] _stuck = new int[Channels];
            private readonly int[] _silent = new int[Channels];
            private readonly int[] _missed = new int[Channels];
            private readonly bool[] _cold = new bool[Channels];
            private readonly bool[] _hot = new bool[Channels];
            private readonly bool[] _hasMaximum = new bool[Channels];
            private readonly int[] _maximum = new int[Channels];
            private readonly int[] _currentAtMaximum = new int[Channels];
            private readonly long[] _restSumMillivolts = new long[Channels];
            private readonly int[] _restCount = new int[Channels];
            private readonly int[] _restedMillivolts = new int[Channels];
            private readonly bool[] _hasRested = new bool[Channels];
            private bool _boardHot;
            private bool _supplyLow;
            private bool _boardFault;
            private bool _late;

            public void Board(Balancer.Core.Control.MeasurementFrame frame, bool late)
            {
                _late = late;
                if (frame.Board.Status != NtcStatus.Ok)
                {
                    _boardFault = true;
                }
                else
                {
                    _boardFault |= frame.Board.TemperatureDeciCelsius >= 850;
                    _boardHot = _boardHot ? frame.Board.TemperatureDeciCelsius > 600 : frame.Board.TemperatureDeciCelsius >= 700;
                }

                _supplyLow = _supplyLow ? frame.SupplyMillivolts < 11_000 : frame.SupplyMillivolts < 10_500;
            }

            /// <summary>Whether a guardrail stands against a closed relay on this channel after this sample.</summary>
            public bool Channel(int c, ControlRig rig, bool closedAndSettled, bool openAndSettled)
            {
                var sample = rig.Frame.Channels[c];
                var valid = sample.IsSensorAnswering && sample.HasFreshConversion;
                _missed[c] = valid ? 0 : _missed[c] + 1;
                Fault(c, _missed[c] >= 3, "the sensor missed 3 ticks");
                if (sample.Cell.Status != NtcStatus.Ok)
                {
                    Fault(c, true, "the cell NTC is broken");
                }
                else
                {
                    var t = sample.Cell.TemperatureDeciCelsius;
                    Fault(c, t >= 550, $"the cell is at {t / 10.0} °C");
                    _cold[c] = _cold[c] ? t < 80 : t < 50;
                    _hot[c] = _hot[c] ? t > 400 : t >= 450;
                }

                var milliamperes = (int)Math.Round(sample.CurrentMicroamperes / 1000.0, MidpointRounding.AwayFromZero);
                if (closedAndSettled && valid)
                {
                    Fault(c, sample.GroupMillivolts > 4250, $"{sample.GroupMillivolts} mV while charging");
                    _overCurrent[c] = milliamperes > 1300 ? _overCurrent[c] + 1 : 0;
                    Fault(c, _overCurrent[c] >= 3, "3 samples above 1.3 A");
                    // Spec §5: the charger is not delivering if, far below the target, the current stays under 20 mA. The
                    // target is the TopOff setting and the OCV the mean of the last rest's settled samples, both worked
                    // out here from the settings and the frames, not read from the controller.
                    var target = rig.Settings.Get(SettingId.TargetMillivolts);
                    var shortfall = _hasRested[c] && _restedMillivolts[c] < target - 50;
                    _silent[c] = shortfall && milliamperes < 20 ? _silent[c] + 1 : 0;
                    Fault(c, _silent[c] >= 10, "10 s below 20 mA far from target");
                    if (!_hasMaximum[c] || Math.Abs(milliamperes - _currentAtMaximum[c]) > 50)
                    {
                        _hasMaximum[c] = true;
                        _maximum[c] = sample.GroupMillivolts;
                        _currentAtMaximum[c] = milliamperes;
                    }

                    _maximum[c] = Math.Max(_maximum[c], sample.GroupMillivolts);
                    Fault(c, _maximum[c] - sample.GroupMillivolts > 50, "the voltage fell 50 mV at steady current");
                }
                else if (!closedAndSettled)
                {
                    _overCurrent[c] = 0;
                    _silent[c] = 0;
                }

                if (openAndSettled && valid)
                {
                    _restSumMillivolts[c] += sample.GroupMillivolts;
                    _restCount[c]++;
                }
                else if (closedAndSettled && _restCount[c] > 0)
                {
                    _restedMillivolts[c] = (int)Math.Round(_restSumMillivolts[c] / (double)_restCount[c], MidpointRounding.AwayFromZero);
                    _hasRested[c] = true;
                    _restSumMillivolts[c] = 0;
                    _restCount[c] = 0;
                }

                if (openAndSettled && valid)
                {
                    _stuck[c] = milliamperes > 20 ? _stuck[c] + 1 : 0;
                    Fault(c, _stuck[c] >= 3, "3 samples above 20 mA with the relay open");
                }
                else
                {
                    _stuck[c] = 0;
                }

                if (!rig.Coils[c].IsHigh)
                {
                    _hasMaximum[c] = false;
                }

                return _faulted[c] || _boardFault || _late || _cold[c] || _hot[c] || _boardHot || _supplyLow;
            }

            public string Why(int c) =>
                _faulted[c] ? _faultReason[c]
                : _boardFault ? "the board faulted"
                : _late ? "the tick was late"
                : _cold[c] ? "the cell is too cold"
                : _hot[c] ? "the cell is too hot"
                : _boardHot ? "the board is too hot"
                : "the supply is low";

            private void Fault(int c, bool condition, string reason)
            {
                if (condition && !_faulted[c])
                {
                    _faulted[c] = true;
                    _faultReason[c] = reason;
                }
            }
        }
    }
}
