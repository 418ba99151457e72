// SPDX-License-Identifier: MIT

using System;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Settings;
using Balancer.Device.Board;
using Balancer.Drivers.Ntc;

namespace Balancer.Device
{
    /// <summary>
    /// The ESP32 application: brings the board up in its safe state (every relay and charger supply open), then runs
    /// the control loop of <c>Balancer.Core</c>, unchanged from the simulator, and prints the status once a second.
    /// Channels start only on a command; until the BLE service exists none arrives, so no relay closes. The button is
    /// an emergency stop: anyone may stop.
    /// </summary>
    public static class Program
    {
        private const int ReportEveryTicks = 10;

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            var board = new AdapterBoard(new BalancerSettings());
            var controller = board.Controller;
            var wasPressed = false;

            Console.WriteLine("BalancerFirmware: " + board.Relays.ChannelCount + " channels, " + board.AnsweringSensors + " INA219 answering, every relay open.");
            while (true)
            {
                controller.RunOnce();

                // The button pulls the pin low; a press stops everything at once.
                var pressed = !board.Button.IsHigh;
                if (pressed && !wasPressed)
                {
                    controller.EmergencyStop();
                }

                wasPressed = pressed;
                if (controller.TickCount % ReportEveryTicks == 0)
                {
                    Report(controller.Status);
                }
            }
        }

        /// <summary>One line per channel: between ticks, so the strings it builds never land in a tick.</summary>
        private static void Report(BalancerStatus status)
        {
            for (var channel = 0; channel < status.Channels.Length; channel++)
            {
                var s = status.Channels[channel];
                var text = "ch" + channel + ": " + StateName(s.State) + ", " + s.GroupMillivolts + " mV, " + s.CurrentMilliamperes + " mA";
                text += s.TemperatureStatus == NtcStatus.Ok ? ", " + FormatDeci(s.TemperatureDeciCelsius) + " C" : ", NTC not working";
                if (s.Fault != FaultCode.None)
                {
                    text += ", fault " + (int)s.Fault;
                }

                if (!s.IsSensorValid)
                {
                    text += ", INA219 at 0x" + (BoardPins.FirstIna219Address + channel).ToString("X2") + " not answering";
                }

                Console.WriteLine(text);
            }

            Console.WriteLine("supply " + status.SupplyMillivolts + " mV, board " + FormatDeci(status.BoardDeciCelsius) + " C" + (status.IsEmergencyStopped ? ", EMERGENCY STOP" : string.Empty));
        }

        private static string StateName(ChannelState state)
        {
            switch (state)
            {
                case ChannelState.Idle: return "idle";
                case ChannelState.Checking: return "checking";
                case ChannelState.Ready: return "ready";
                case ChannelState.Charging: return "charging";
                case ChannelState.Resting: return "resting";
                case ChannelState.Topped: return "topped";
                case ChannelState.Holding: return "holding";
                case ChannelState.Done: return "done";
                case ChannelState.Paused: return "paused";
                case ChannelState.Fault: return "fault";
                default: return "unknown";
            }
        }

        private static string FormatDeci(int deci)
        {
            var magnitude = Math.Abs(deci);
            return (deci < 0 ? "-" : string.Empty) + (magnitude / 10) + "." + (magnitude % 10);
        }
    }
}
