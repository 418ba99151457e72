// SPDX-License-Identifier: MIT

using System;
using System.Globalization;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Guardrails;

namespace Balancer.Simulator.Output
{
    /// <summary>Event-log wording: one line a technician can read for every firmware event.</summary>
    public static class EventText
    {
        /// <summary>Simulated time as h:mm:ss.f.</summary>
        public static string Clock(long elapsedMilliseconds)
        {
            var t = TimeSpan.FromMilliseconds(elapsedMilliseconds);
            return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}.{t.Milliseconds / 100}");
        }

        /// <summary>A line for one event of the log.</summary>
        public static string Describe(SimulationEvent entry)
        {
            if (entry.Note != null)
            {
                return entry.Note;
            }

            var e = entry.Event;
            return e.Kind switch
            {
                EventKind.StateChanged => $"{e.From} → {e.To} ({e.Reason})",
                EventKind.RelayChanged => e.Value == 1 ? "relay closed" : "relay opened",
                EventKind.ChargerSupplyChanged => e.Value == 1 ? "charger supply on" : "charger supply off",
                EventKind.FaultLatched => $"fault {e.Fault}: {Quantity(e.Guardrail, e.Fault, e.Value)} against {Quantity(e.Guardrail, e.Fault, e.Threshold)}" + (e.Guardrail != GuardrailId.None ? $" ({e.Guardrail})" : string.Empty),
                EventKind.PauseStarted => $"paused by {e.Guardrail}: {Quantity(e.Guardrail, FaultCode.None, e.Value)} against {Quantity(e.Guardrail, FaultCode.None, e.Threshold)}",
                EventKind.PauseEnded => $"pause over after {e.Value / 1000.0:0} s",
                EventKind.LateTick => $"tick {e.Value} ms late (limit {e.Threshold} ms): every relay opened",
                EventKind.EmergencyStop => "emergency stop: every relay and charger off",
                EventKind.ConfirmationNeeded => $"deep-discharged at {e.Value} mV: waiting for confirmation",
                EventKind.OcvMeasured => $"rested voltage {e.Value} mV",
                EventKind.HoldSample => $"hold: {e.Value / 1000.0:0.0} mV",
                EventKind.ContactResistance => $"series resistance {e.Value / 1000.0:0} mΩ (limit {e.Threshold / 1000.0:0} mΩ)",
                EventKind.FaultCleared => "fault cleared",
                EventKind.TargetSet => $"target {e.Value} mV",
                EventKind.SelfDischarge => $"self-discharge {e.Value / 1000.0:0.00} ± {e.Threshold / 1000.0:0.00} mV/h",
                EventKind.SettingChanged => $"setting {(Balancer.Core.Settings.SettingId)e.Threshold} = {e.Value}",
                EventKind.CheckStepChanged => $"clip check: {(CheckStep)e.Value}",
                EventKind.CalibrationSet => $"calibrated: gain {e.Value / 1e6:0.000000}, offset {e.Threshold} mV",
                EventKind.ModeChanged => $"mode {(ChannelMode)e.Value}",
                EventKind.SelfTest => $"self-test: {(SelfTestFinding)e.Value} ({e.Threshold})",
                EventKind.SettingsFallback => (Core.Log.SettingsLoad)e.Value switch
                {
                    Core.Log.SettingsLoad.LoadedOtherCopyDamaged => "settings: the newest stored copy is damaged, the other one was loaded",
                    Core.Log.SettingsLoad.NoneStored => "settings: none stored yet, the defaults",
                    _ => "settings: both stored copies damaged, the defaults",
                },
                _ => e.Kind.ToString(),
            };
        }

        private static string Quantity(GuardrailId guardrail, FaultCode fault, int value) => guardrail switch
        {
            GuardrailId.OverVoltage or GuardrailId.VoltageFalls or GuardrailId.SupplyLow => $"{value} mV",
            GuardrailId.OverCurrent or GuardrailId.RelayStuck or GuardrailId.ChargerNotDelivering => $"{value} mA",
            GuardrailId.CellCold or GuardrailId.CellHot or GuardrailId.CellOverTemperature or GuardrailId.BoardHot or GuardrailId.BoardOverTemperature => $"{value / 10.0:0.0} °C",
            GuardrailId.ContactResistance => $"{value / 1000.0:0} mΩ",
            GuardrailId.NoRecovery or GuardrailId.ChargeTime or GuardrailId.LateTick => $"{value / 1000.0:0} s",
            GuardrailId.CapacityExceeded => $"{value} mAh",
            GuardrailId.None when fault == FaultCode.PoorContact => $"{value / 1000.0:0} mΩ",
            GuardrailId.None => $"{value} mV",
            _ => value.ToString(CultureInfo.InvariantCulture),
        };
    }
}
