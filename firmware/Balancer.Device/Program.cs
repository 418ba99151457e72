// SPDX-License-Identifier: MIT

using System;
using System.Threading;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Protocol;
using Balancer.Core.Settings;
using Balancer.Device.Board;
using Balancer.Drivers.Ntc;

namespace Balancer.Device
{
    /// <summary>
    /// The ESP32 application: brings the board up in its safe state (every relay and charger supply open), starts the
    /// BLE service (docs/protocol.md), then runs the control loop of <c>Balancer.Core</c>, unchanged from the simulator,
    /// and prints the status once a second. Channels start only on a command from a bonded phone. The button: a press
    /// stops everything at once (a stop is never more than one press away); held 3 s it also opens the 30 s pairing
    /// window; held 10 s it also forgets every bonded phone.
    /// </summary>
    public static class Program
    {
        private const int ReportEveryTicks = 10;
        private const int PairingHoldMilliseconds = 3_000;
        private const int ClearBondsHoldMilliseconds = 10_000;

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            var board = new AdapterBoard(new BalancerSettings());
            var controller = board.Controller;
            var wasPressed = false;
            var pressedAt = 0L;
            var held = 0;

            Console.WriteLine("BalancerFirmware: " + board.Relays.ChannelCount + " channels, " + board.AnsweringSensors + " INA219 answering, every relay open.");

            // A passkey of six digits for this boot from the chip's random source (a new GUID's bytes: the boot time is
            // too few values to guess at), shown on the serial console; it is asked only when a phone pairs in the window,
            // and a bonded phone keeps its bond across boots. The advertised id comes from other bytes, so it tells
            // nothing of the passkey. (Keeping one passkey on flash comes with the recovery log's storage.)
            var random = Guid.NewGuid().ToByteArray();
            var passkey = (int)((uint)(random[0] | (random[1] << 8) | (random[2] << 16) | (random[3] << 24)) % (CommandHandler.MaximumPasskey + 1));
            var ble = new BleAdapter(controller, board.Clock, passkey);
            var shortId = ((random[8] | (random[9] << 8)) % 1000).ToString();
            if (ble.Start(shortId))
            {
                Console.WriteLine("BLE: advertising as Balancer " + shortId + ", passkey " + passkey);
                new Thread(() =>
                {
                    while (true)
                    {
                        Thread.Sleep(BleAdapter.NotifyMilliseconds);
                        try
                        {
                            ble.NotifyOnce();
                        }
                        catch (Exception e)
                        {
                            // A phone that subscribed mid-notification, a native failure: this round is lost, not the thread.
                            Console.WriteLine("BLE: a notification failed: " + e.Message);
                        }
                    }
                }).Start();
            }
            else
            {
                Console.WriteLine("BLE: the stack refused the service; only the button can stop");
            }

            while (true)
            {
                controller.RunOnce();

                // The button pulls the pin low; a press stops everything at once, holding it goes further.
                var pressed = !board.Button.IsHigh;
                var now = board.Clock.NowMilliseconds;
                if (pressed && !wasPressed)
                {
                    controller.EmergencyStop();
                    pressedAt = now;
                    held = 0;
                }
                else if (pressed && held == 0 && now - pressedAt >= PairingHoldMilliseconds)
                {
                    ble.OpenPairing();
                    held = 1;
                    Console.WriteLine("BLE: pairing open for 30 s, passkey " + ble.Passkey);
                }
                else if (pressed && held == 1 && now - pressedAt >= ClearBondsHoldMilliseconds)
                {
                    ble.ClearBonds();
                    held = 2;
                    Console.WriteLine("BLE: every bond cleared");
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
