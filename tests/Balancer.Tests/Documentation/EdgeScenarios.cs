// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Settings;
using Balancer.Drivers.Ntc;
using Balancer.Tests.Control;
using Balancer.Tests.Settings;
using static Balancer.Tests.TestTime;

namespace Balancer.Tests.Documentation
{
    /// <summary>Short sessions on toy groups that, together, take every edge a channel can take; returns the edges taken.</summary>
    internal static class EdgeScenarios
    {
        public static HashSet<(ChannelState From, ChannelState To, TransitionReason Reason)> Run()
        {
            var edges = new HashSet<(ChannelState, ChannelState, TransitionReason)>();
            foreach (var scenario in Scenarios())
            {
                var rig = new ControlRig(2, scenario.Configure);
                scenario.Play(rig);
                foreach (var e in rig.Recorder.Events)
                {
                    if (e.Kind == EventKind.StateChanged)
                    {
                        edges.Add((e.From, e.To, e.Reason));
                    }
                }
            }

            return edges;
        }

        private sealed record Scenario(Action<BalancerSettings> Configure, Action<ControlRig> Play);

        private static IEnumerable<Scenario> Scenarios()
        {
            // A full session with a hold, a sag while topped, a restart from Done, a stop.
            yield return new Scenario(
                s => { s.Accept(SettingId.HoldEnabled, 1); s.Accept(SettingId.ChargePulseMilliseconds, 60_000); },
                rig =>
                {
                    rig.Groups[0].OcvMillivolts = 4150;
                    rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 1;
                    rig.Controller.Start(0);
                    rig.RunUntilState(ChannelState.Topped, 60 * Minute);
                    rig.Groups[0].OcvMillivolts -= 10;
                    rig.RunUntilState(ChannelState.Holding, 60 * Minute);
                    rig.RunUntilState(ChannelState.Done, 70 * Minute);
                    rig.Controller.Start(0);
                    rig.Tick();
                    rig.Controller.Stop(0);
                });

            // Charger limit and charger termination, without a hold.
            yield return Play(rig =>
            {
                rig.Groups[0].OcvMillivolts = 4120;
                rig.Groups[0].ChargerCvMillivolts = 4170;
                rig.Groups[0].SlopeMillivoltsPerMilliampereHour = 2;
                rig.Groups[1].OcvMillivolts = 4050;
                rig.Groups[1].SlopeMillivoltsPerMilliampereHour = 0.5;
                rig.Controller.StartAll();
                rig.RunUntil(() => rig.State(0) == ChannelState.Done && rig.State(1) == ChannelState.Done, 3 * 60 * Minute, "both done");
            });

            // Already at target; near-target pulse end on a Match value.
            yield return new Scenario(
                s => { s.Accept(SettingId.TargetMode, (int)TargetMode.MatchValue); s.Accept(SettingId.TargetMillivolts, 4100); },
                rig =>
                {
                    rig.Groups[0].OcvMillivolts = 4098;
                    rig.Groups[1].OcvMillivolts = 4050;
                    rig.Groups[1].SlopeMillivoltsPerMilliampereHour = 2;
                    rig.Controller.StartAll();
                    rig.RunUntil(() => rig.State(0) == ChannelState.Topped && rig.State(1) == ChannelState.Topped, 60 * Minute, "both topped");
                    rig.Groups[1].OcvMillivolts -= 10;
                    rig.RunUntilState(ChannelState.Charging, 2 * Minute, 1);
                });

            // Monitor-only reference.
            yield return new Scenario(
                s => { s.Accept(SettingId.TargetMode, (int)TargetMode.MatchReference); s.Accept(SettingId.ReferenceChannel, 1); },
                rig =>
                {
                    rig.Controller.SetMode(1, ChannelMode.MonitorOnly);
                    rig.Controller.Start(1);
                    rig.RunUntilState(ChannelState.Ready, Minute, 1);
                });

            // Clip refusals.
            foreach (var millivolts in new[] { 0, 1200, 4300, 8100 })
            {
                yield return Play(rig =>
                {
                    rig.Groups[0].OcvMillivolts = millivolts;
                    rig.Controller.Start(0);
                    rig.RunUntilState(ChannelState.Fault, Minute);
                });
            }

            yield return Play(rig =>
            {
                rig.Groups[0].SeriesMilliohms = 500;
                rig.Controller.Start(0);
                rig.RunUntilState(ChannelState.Fault, Minute);
            });

            // The clip comes off while resting.
            yield return new Scenario(
                s => s.Accept(SettingId.ChargePulseMilliseconds, 10_000),
                rig =>
                {
                    rig.Groups[0].OcvMillivolts = 3700;
                    rig.Controller.Start(0);
                    rig.RunUntilState(ChannelState.Resting, 2 * Minute);
                    rig.Groups[0].ForcedMillivolts = 0;
                    rig.RunUntilState(ChannelState.Fault, Minute);
                });

            // A fault while checking, then cleared.
            yield return Play(rig =>
            {
                rig.Groups[0].NtcStatus = NtcStatus.Open;
                rig.Controller.Start(0);
                rig.Tick();
                rig.Groups[0].NtcStatus = NtcStatus.Ok;
                rig.Tick();
                rig.Controller.ClearFault(0);
            });

            // Pauses from Ready, Charging and Resting; a fault while paused; guardrail faults from every active state.
            yield return Play(rig =>
            {
                rig.Groups[0].OcvMillivolts = 3700;
                rig.Controller.Start(0);
                rig.RunUntilState(ChannelState.Ready, Minute);
                Pause(rig);
                rig.RunUntilState(ChannelState.Charging, 2 * Minute);
                Pause(rig);
                rig.RunUntilState(ChannelState.Charging, 2 * Minute);
                rig.Groups[0].TemperatureDeciCelsius = 460;
                rig.Tick();
                rig.Groups[0].TemperatureDeciCelsius = 600;
                rig.Tick();
            });
            yield return new Scenario(
                s => s.Accept(SettingId.ChargePulseMilliseconds, 10_000),
                rig =>
                {
                    rig.Groups[0].OcvMillivolts = 3700;
                    rig.Controller.Start(0);
                    rig.RunUntilState(ChannelState.Resting, 2 * Minute);
                    Pause(rig);
                    rig.Controller.Stop(0);
                    rig.Controller.Start(0);
                    rig.RunUntilState(ChannelState.Resting, 2 * Minute);
                    rig.Groups[0].TemperatureDeciCelsius = 600;
                    rig.Tick();
                });
            foreach (var state in new[] { ChannelState.Ready, ChannelState.Charging, ChannelState.Topped, ChannelState.Holding })
            {
                yield return new Scenario(
                    s => s.Accept(SettingId.HoldEnabled, 1),
                    rig =>
                    {
                        rig.Groups[0].OcvMillivolts = state is ChannelState.Topped or ChannelState.Holding ? 4198 : 3700;
                        rig.Controller.Start(0);
                        rig.RunUntilState(state, 10 * Minute);
                        rig.Groups[0].TemperatureDeciCelsius = 600;
                        rig.Tick();
                    });
            }

            // A late tick while charging, an emergency stop, a stop while paused, an unknown state.
            yield return Play(rig =>
            {
                rig.Groups[0].OcvMillivolts = 3700;
                rig.Groups[1].OcvMillivolts = 3700;
                rig.Controller.StartAll();
                rig.RunUntilState(ChannelState.Charging, 2 * Minute);
                rig.Tick(latenessMilliseconds: 1000);
                rig.RunUntilState(ChannelState.Charging, 2 * Minute);
                rig.Groups[1].TemperatureDeciCelsius = 20;
                rig.Tick();
                rig.Controller.Stop(1);
                rig.Controller.EmergencyStop();
                rig.Controller.Start(0);
                rig.RunUntilState(ChannelState.Charging, 2 * Minute);
                typeof(ChannelController).GetProperty(nameof(ChannelController.State))!.SetValue(rig.Channel(0), (ChannelState)42);
                rig.Tick();
            });
        }

        private static Scenario Play(Action<ControlRig> play) => new(_ => { }, play);

        private static void Pause(ControlRig rig)
        {
            rig.Groups[0].TemperatureDeciCelsius = 20;
            rig.Tick();
            rig.Groups[0].TemperatureDeciCelsius = 250;
            rig.Tick();
        }
    }
}
