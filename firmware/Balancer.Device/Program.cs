// SPDX-License-Identifier: MIT

using System;
using System.Threading;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Log;
using Balancer.Core.Protocol;
using Balancer.Core.Reporting;
using Balancer.Core.Settings;
using Balancer.Device.Board;
using Balancer.Drivers.Ntc;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;

namespace Balancer.Device
{
    /// <summary>
    /// The ESP32 application: brings the board up in its safe state (every relay and charger supply open), starts the
    /// BLE service (docs/protocol.md), then runs the control loop of <c>Balancer.Core</c>, unchanged from the simulator,
    /// and prints the status once a second. Channels start only on a command from a bonded phone. The button
    /// (<see cref="ButtonGestures"/>): a press while anything works stops everything at once (a stop is never more than one
    /// press away); a short press while nothing works clears the faults whose cause is gone; held 3 s it opens the 30 s
    /// pairing window, held 10 s it forgets every bonded phone; held 30 s it is taken as stuck and ignored.
    /// </summary>
    public static class Program
    {
        private const int ReportEveryTicks = 10;
        private const int LogWriteMilliseconds = 1_000;

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            // The managed heap before anything of the app's is made, and after the boot (below): the figure the boot-heap
            // budget is checked against on a board (docs/device-cost.md).
            var freeAtStart = nanoFramework.Runtime.Native.GC.Run(true);

            // The recovery log and the settings on the internal flash (LittleFS on I:). Nothing is read before the board
            // has opened every relay.
            var journal = AdapterBoard.OpenJournal(string.Empty);
            var board = new AdapterBoard(new BalancerSettings(), journal);
            var controller = board.Controller;
            var button = new ButtonGestures();
            var indicator = new Indicator();
            var isLedOn = false;
            var isBuzzerOn = false;

            Console.WriteLine("BalancerFirmware: " + board.Relays.ChannelCount + " channels, " + board.AnsweringSensors + " INA219 answering, every relay open.");
            var recorder = StartJournal(board, journal);
            SelfCheck(board);
            StartLogging(recorder);

            // A passkey of six digits for this boot from the chip's random source (a new GUID's bytes: the boot time is
            // too few values to guess at), shown on the serial console; it is asked only when a phone pairs in the window,
            // and a bonded phone keeps its bond across boots. The advertised id comes from other bytes, so it tells
            // nothing of the passkey. (Keeping one passkey on flash comes with the recovery log's storage.)
            var random = Guid.NewGuid().ToByteArray();
            var passkey = (int)((uint)(random[0] | (random[1] << 8) | (random[2] << 16) | (random[3] << 24)) % (CommandHandler.MaximumPasskey + 1));
            var ble = new BleAdapter(controller, board.Clock, passkey, recorder != null ? journal.Pager : null);
            var shortId = ((random[8] | (random[9] << 8)) % 1000).ToString();
            if (ble.Start(shortId))
            {
                Console.WriteLine("BLE: advertising as Balancer " + shortId + ", passkey " + passkey);
                if (ble.AdvertisementStatus != GattServiceProviderAdvertisementStatus.Started)
                {
                    Console.WriteLine("BLE: the advertisement left a section off (name or service UUID): a phone may not find the adapter");
                }

                new Thread(() =>
                {
                    var sinceStatus = 0;
                    while (true)
                    {
                        // Log chunks every 50 ms while a ReadLog runs, the status once a second.
                        Thread.Sleep(BleAdapter.LogChunkMilliseconds);
                        sinceStatus += BleAdapter.LogChunkMilliseconds;
                        try
                        {
                            ble.NotifyLog();
                            if (sinceStatus >= BleAdapter.NotifyMilliseconds)
                            {
                                sinceStatus = 0;
                                ble.NotifyOnce();
                            }
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

            var freeAfterBoot = nanoFramework.Runtime.Native.GC.Run(true);
            Console.WriteLine("Heap: " + freeAtStart + " B free at start, " + freeAfterBoot + " B after the boot, which took "
                + ((long)freeAtStart - freeAfterBoot) + " B (the budget is half of the first figure)");

            // BLE's start took time since the self-test's ticks; that wait is the boot's, not a late tick.
            controller.RestartSchedule();
            while (true)
            {
                controller.RunOnce();
                if (recorder != null)
                {
                    recorder.AfterTick();
                }

                // The button pulls the pin low; it is sampled once a tick, so nothing it does can hold the loop.
                switch (button.Update(!board.Button.IsHigh, board.Clock.NowMilliseconds, IsAnyChannelWorking(controller)))
                {
                    case ButtonAction.EmergencyStop:
                        // Relays open now; the channels go to Idle at the next tick, under its lock, as for BLE's stop.
                        controller.RequestEmergencyStop();
                        indicator.SignalStop(board.Clock.NowMilliseconds);
                        break;
                    case ButtonAction.ClearFaults:
                        indicator.Acknowledge();
                        lock (controller.TickSync)
                        {
                            for (var channel = 0; channel < controller.ChannelCount; channel++)
                            {
                                controller.ClearFault(channel);
                            }
                        }

                        break;
                    case ButtonAction.OpenPairing:
                        ble.OpenPairing();
                        Console.WriteLine("BLE: pairing open for 30 s, passkey " + ble.Passkey);
                        break;
                    case ButtonAction.ClearBonds:
                        ble.ClearBonds();
                        Console.WriteLine("BLE: every bond cleared");
                        break;
                    case ButtonAction.Stuck:
                        Console.WriteLine("Button: held 30 s, taken as stuck; ignored until it is released");
                        break;
                }
                // The LED and the buzzer, written only when they change (a GPIO write is native work on the tick's thread).
                indicator.Update(controller.Status, ble.IsPairingOpen, board.Clock.NowMilliseconds);
                if (indicator.IsLedOn != isLedOn)
                {
                    isLedOn = indicator.IsLedOn;
                    board.StatusLed.Write(isLedOn);
                }

                if (indicator.IsBuzzerOn != isBuzzerOn)
                {
                    isBuzzerOn = indicator.IsBuzzerOn;
                    board.Buzzer.Write(isBuzzerOn);
                }

                if (controller.TickCount % ReportEveryTicks == 0)
                {
                    Report(controller.Status);
                }
            }
        }

        /// <summary>
        /// Reads the log back and reports a session the last power loss cut; returns the writer, which queues from now on
        /// (<see cref="StartLogging"/> writes). Null, and nothing logged, when the flash fails.
        /// </summary>
        private static SessionRecorder StartJournal(AdapterBoard board, RecoveryJournal journal)
        {
            if (board.IsStorageFailed)
            {
                Console.WriteLine("Flash: the file system did not answer; running on the default settings, nothing is logged");
                return null;
            }

            SessionRecorder recorder;
            try
            {
                recorder = journal.Attach(board.Controller);
            }
            catch (Exception e)
            {
                Console.WriteLine("Flash: the recovery log could not be opened (" + e.Message + "); nothing is logged");
                return null;
            }

            Console.WriteLine("Settings: " + SettingsLoadText(board.SettingsLoad));
            if (journal.HasInterruptedSession)
            {
                ReportInterrupted(journal.LastSession);
            }

            journal.ReleaseLastSession();
            return recorder;
        }

        /// <summary>
        /// The logging thread: writes what the loop queued once a second, one flash commit per batch. Started after the
        /// self-test, whose timing a flash write (which stalls the runtime) would upset.
        /// </summary>
        private static void StartLogging(SessionRecorder recorder)
        {
            if (recorder == null)
            {
                return;
            }

            new Thread(() =>
            {
                while (true)
                {
                    Thread.Sleep(LogWriteMilliseconds);
                    recorder.WritePending();
                }
            }).Start();
        }

        /// <summary>
        /// The self-test: first the dead-man through the coil supply's read-back (a failure disables every channel), then,
        /// after two ticks (the first may read conversions the boot triggered a moment before), relays open: a channel whose
        /// INA219 does not answer is disabled and said so; the other findings are printed, and the guardrails keep those
        /// channels from charging.
        /// </summary>
        private static void SelfCheck(AdapterBoard board)
        {
            // Before the loop's first tick toggles the heartbeat: the dead-man, with every relay open.
            var deadMan = SelfTest.CheckDeadMan(board.Relays, board.CoilSense, board.Clock, out var releaseMilliseconds);
            SelfTest.ReportDeadMan(board.Controller, deadMan, releaseMilliseconds);
            Console.WriteLine(deadMan == SelfTestFinding.Ok
                ? "Self-test: dead-man releases the coils " + releaseMilliseconds + " ms after the last heartbeat"
                : "Self-test: " + FindingText(deadMan) + " (" + releaseMilliseconds + " ms): every channel disabled");

            board.Controller.RestartSchedule();
            board.Controller.RunOnce();
            board.Controller.RunOnce();
            var findings = new SelfTestFinding[board.Controller.ChannelCount];
            var boardFinding = SelfTest.Run(board.Controller, board.Reader, findings);
            for (var channel = 0; channel < findings.Length; channel++)
            {
                if (findings[channel] != SelfTestFinding.Ok)
                {
                    Console.WriteLine("Self-test: ch" + channel + " " + FindingText(findings[channel]));
                }
            }

            if (boardFinding != SelfTestFinding.Ok)
            {
                Console.WriteLine("Self-test: board " + FindingText(boardFinding));
            }
        }

        private static string FindingText(SelfTestFinding finding)
        {
            switch (finding)
            {
                case SelfTestFinding.SensorMissing: return "INA219 not answering: channel disabled until a reboot finds it";
                case SelfTestFinding.SensorNotReading: return "INA219 answers but does not convert: channel disabled";
                case SelfTestFinding.CellNtcBroken: return "cell NTC open or shorted: it will not charge until the NTC reads";
                case SelfTestFinding.CellNtcImplausible: return "cell NTC reads outside -20...70 C";
                case SelfTestFinding.BoardNtcBroken: return "board NTC open or shorted: nothing charges until it reads";
                case SelfTestFinding.BoardNtcImplausible: return "board NTC reads outside -20...70 C";
                case SelfTestFinding.SupplyOutOfRange: return "12 V input outside 11...14.5 V";
                case SelfTestFinding.DeadManNotEnabling: return "the heartbeat does not power the relay coils (COIL_5V)";
                case SelfTestFinding.DeadManNotReleasing: return "the relay coils stay powered without a heartbeat: the dead-man does not work";
                case SelfTestFinding.DeadManTooShort: return "the dead-man drops the coils in under 0.25 s";
                case SelfTestFinding.DeadManTooLong: return "the dead-man keeps the coils powered more than 0.6 s without a heartbeat";
                default: return "ok";
            }
        }

        /// <summary>The session the power cut, channel by channel, from each one's last account in the log.</summary>
        private static void ReportInterrupted(SessionReader session)
        {
            Console.WriteLine("The last session (log " + session.Session + ") was interrupted by a power loss or restart. Nothing resumed; start again to check each clip.");
            var line = default(ChannelReport);
            for (var channel = 0; channel < session.ChannelCount && channel < session.Accounts.Length; channel++)
            {
                if (!session.HasAccount[channel])
                {
                    continue;
                }

                MorningReport.FromAccount(session.Accounts[channel], channel, session.IsCalibrated[channel], session.LeakyMicrovoltsPerHour, true, ref line);
                Console.WriteLine("ch" + channel + ": " + (line.Verdict == Verdict.Interrupted ? "interrupted while " + StateName(line.State) : "verdict " + (int)line.Verdict)
                    + ", " + line.DeliveredMilliampereHours + " mAh in " + (line.ChargeSeconds / 60) + " min of charge, by its account "
                    + ((session.LastMilliseconds - session.AccountMilliseconds[channel]) / 1000) + " s before the session's last record");
            }
        }

        private static string SettingsLoadText(SettingsLoad load)
        {
            switch (load)
            {
                case SettingsLoad.Loaded: return "loaded from flash";
                case SettingsLoad.LoadedOtherCopyDamaged: return "loaded; the other stored copy is damaged (the last change may be lost)";
                case SettingsLoad.NoneStored: return "none stored yet: the defaults";
                default: return "both stored copies damaged: the defaults";
            }
        }

        private static bool IsAnyChannelWorking(BalancerController controller)
        {
            for (var channel = 0; channel < controller.ChannelCount; channel++)
            {
                if (controller.Channel(channel).IsActive)
                {
                    return true;
                }
            }

            return false;
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
