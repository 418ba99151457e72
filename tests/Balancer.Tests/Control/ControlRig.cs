// SPDX-License-Identifier: MIT

using System;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Settings;
using Balancer.Drivers;
using Balancer.Drivers.Ntc;
using Balancer.Drivers.Relays;
using Balancer.Drivers.Simulation;
using Balancer.Tests.Settings;

namespace Balancer.Tests.Control
{
    /// <summary>
    /// A group on a channel as a few lines of physics: open-circuit voltage rising with charge at a fixed slope, one
    /// series resistance, a CC/CV charger with the TP4056's termination at a tenth of its current, a leak. Enough to
    /// drive every edge of the state machine; the simulator has the full model.
    /// </summary>
    public sealed class ToyGroup
    {
        public double OcvMillivolts = 3900;
        public double SeriesMilliohms = 60;
        public double SlopeMillivoltsPerMilliampereHour = 0.1;
        public double ChargerMilliamperes = 1000;
        public double ChargerCvMillivolts = 4200;
        public double LeakMillivoltsPerHour;
        public bool IsWelded;
        public double LeakageWhenOpenMilliamperes;
        public int TemperatureDeciCelsius = 250;
        public NtcStatus NtcStatus = NtcStatus.Ok;
        public bool HasNtc = true;
        public bool IsAnswering = true;
        public bool IsConverting = true;
        public double? ForcedMillivolts;

        /// <summary>Gaussian reading noise, mV (σ); the INA219's few LSB of noise are what lets averages resolve below 4 mV.</summary>
        public double NoiseMillivolts;
        public double? ForcedMilliamperes;
        public bool IsTerminated;
        public double CurrentMilliamperes;
        public double LoadedMillivolts;

        /// <summary>Current and clip voltage for a relay state, with the TP4056's CC/CV and termination.</summary>
        public void Settle(bool contactClosed, bool supplyOn)
        {
            if (!contactClosed)
            {
                IsTerminated = false;
            }

            var charging = contactClosed && supplyOn && !IsTerminated;
            var current = 0.0;
            if (charging)
            {
                current = ChargerMilliamperes;
                if (OcvMillivolts + (current * SeriesMilliohms / 1000) > ChargerCvMillivolts)
                {
                    current = Math.Max(0, (ChargerCvMillivolts - OcvMillivolts) * 1000 / SeriesMilliohms);
                    if (current < ChargerMilliamperes / 10)
                    {
                        IsTerminated = true;
                        current = 0;
                    }
                }
            }

            if (!contactClosed && supplyOn)
            {
                current = LeakageWhenOpenMilliamperes;
            }

            CurrentMilliamperes = current;
            LoadedMillivolts = OcvMillivolts + (current * SeriesMilliohms / 1000);
        }

        public void Integrate(long milliseconds)
        {
            var hours = milliseconds / 3_600_000.0;
            OcvMillivolts += (CurrentMilliamperes * hours * SlopeMillivoltsPerMilliampereHour) - (LeakMillivoltsPerHour * hours);
        }
    }

    /// <summary>
    /// The controller on relay pins and a simulated clock, fed frame by frame from <see cref="ToyGroup"/>s, the way the
    /// reader would: each sample is the conversion triggered at the end of the previous tick.
    /// </summary>
    internal sealed class ControlRig
    {
        public ControlRig(int channels = 1, Action<BalancerSettings> configure = null)
        {
            Clock = new SimulatedClock();
            Clock.Advance(10_000_000);
            Settings = new BalancerSettings();

            // A toy group does not relax: the rig tells the firmware so, and a test that wants the prior sets it back.
            Settings.Accept(SettingId.RelaxationPriorPercent, 0);
            configure?.Invoke(Settings);
            Coils = new SimulatedPin[channels];
            Supplies = new SimulatedPin[channels];
            Groups = new ToyGroup[channels];
            for (var i = 0; i < channels; i++)
            {
                Coils[i] = new SimulatedPin(Clock);
                Supplies[i] = new SimulatedPin(Clock);
                Groups[i] = new ToyGroup();
            }

            Heartbeat = new SimulatedPin(Clock);
            Relays = new RelayBank(Coils, Supplies, Heartbeat, Clock);
            Controller = new BalancerController(Settings, channels, Relays, Clock);
            Recorder = new EventRecorder();
            Controller.Events.Subscribe(Recorder);
            Frame = new MeasurementFrame(channels);
            _lastTickMilliseconds = Clock.NowMilliseconds;
        }

        private long _lastTickMilliseconds;

        public SimulatedClock Clock { get; }

        public BalancerSettings Settings { get; }

        public SimulatedPin[] Coils { get; }

        public SimulatedPin[] Supplies { get; }

        public SimulatedPin Heartbeat { get; }

        public RelayBank Relays { get; }

        public BalancerController Controller { get; }

        public EventRecorder Recorder { get; }

        public MeasurementFrame Frame { get; }

        public ToyGroup[] Groups { get; }

        public int BoardDeciCelsius { get; set; } = 300;

        public NtcStatus BoardStatus { get; set; } = NtcStatus.Ok;

        public int SupplyMillivolts { get; set; } = 12_000;

        public int Period => Settings.TickPeriodMilliseconds;

        public ChannelController Channel(int index = 0) => Controller.Channel(index);

        public ChannelState State(int index = 0) => Controller.Channel(index).State;

        public long Now => Clock.NowMilliseconds;

        /// <summary>One tick, optionally late: physics since the last tick, then a frame of what the sensors saw.</summary>
        public bool Tick(long latenessMilliseconds = 0)
        {
            var previous = _lastTickMilliseconds;
            Clock.AdvanceTo((previous + Period + latenessMilliseconds) * 1000);
            var now = Clock.NowMilliseconds;
            Frame.NowMilliseconds = now;
            for (var i = 0; i < Groups.Length; i++)
            {
                var group = Groups[i];
                var closed = Relays.IsClosed(i) || group.IsWelded;
                group.Settle(closed, Relays.IsChargerSupplyOn(i));
                group.Integrate(now - previous);
                group.Settle(closed, Relays.IsChargerSupplyOn(i));
                ref var sample = ref Frame.Channels[i];
                sample.ConversionStartedAtMilliseconds = previous;
                sample.IsSensorAnswering = group.IsAnswering;
                sample.HasFreshConversion = group.IsAnswering && group.IsConverting;
                sample.GroupMillivolts = (int)Math.Round((group.ForcedMillivolts ?? group.LoadedMillivolts) + (group.NoiseMillivolts * Gaussian()));
                sample.CurrentMicroamperes = (int)Math.Round((group.ForcedMilliamperes ?? group.CurrentMilliamperes) * 1000);
                sample.RawMillivolts = sample.GroupMillivolts;
                sample.RawMicroamperes = sample.CurrentMicroamperes;
                sample.HasCellSensor = group.HasNtc;
                sample.Cell = new NtcReading { TemperatureDeciCelsius = group.TemperatureDeciCelsius, Status = group.NtcStatus };
            }

            Frame.Board = new NtcReading { TemperatureDeciCelsius = BoardDeciCelsius, Status = BoardStatus };
            Frame.SupplyMillivolts = SupplyMillivolts;
            _lastTickMilliseconds = now;
            return Controller.Step(Frame, latenessMilliseconds);
        }

        private readonly GaussianNoise _noise = new(1);

        private double Gaussian() => _noise.Next();

        public void Ticks(int count)
        {
            for (var i = 0; i < count; i++)
            {
                Tick();
            }
        }

        public void RunFor(long milliseconds)
        {
            var end = Now + milliseconds;
            while (Now < end)
            {
                Tick();
            }
        }

        /// <summary>Ticks until the condition holds; fails the test after the limit.</summary>
        public void RunUntil(Func<bool> condition, long limitMilliseconds, string what)
        {
            var end = Now + limitMilliseconds;
            while (!condition())
            {
                if (Now >= end)
                {
                    throw new Xunit.Sdk.XunitException(
                        $"{what}: not reached within {limitMilliseconds} ms; channel 0 is {State()} ({Channel().LastReason}), fault {Channel().Fault}");
                }

                Tick();
            }
        }

        public void RunUntilState(ChannelState state, long limitMilliseconds, int channel = 0) =>
            RunUntil(() => State(channel) == state, limitMilliseconds, $"channel {channel} in {state}");

        /// <summary>Starts channel 0 and runs until it charges (check, probe, rest).</summary>
        public void StartAndRunToCharging(int channel = 0)
        {
            Controller.Start(channel);
            RunUntilState(ChannelState.Charging, 5 * 60_000, channel);
            Ticks(2); // relay closed and settled
        }

        public void Set(SettingId id, int value)
        {
            var result = Controller.TrySetSetting(id, value, out var conflict);
            if (result != SettingResult.Ok)
            {
                throw new InvalidOperationException($"{id} = {value}: {result} ({conflict})");
            }
        }
    }
}
