// SPDX-License-Identifier: MIT

using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Settings;

namespace Balancer.Core.Log
{
    /// <summary>
    /// What must survive a power loss, wired together for the boot (spec §7): the settings, calibrations and channel modes
    /// (<see cref="SettingsStore"/>), and the recovery log (<see cref="RecoveryLog"/>) with its writer
    /// (<see cref="SessionRecorder"/>). The boot calls <see cref="LoadSettings"/> before it builds the controller, then
    /// <see cref="Attach"/>; the loop calls <see cref="SessionRecorder.AfterTick"/> after each tick, and the logging thread
    /// <see cref="SessionRecorder.WritePending"/>.
    /// </summary>
    public sealed class RecoveryJournal
    {
        /// <summary>
        /// Bytes one log file may reach before the next session starts the other: 32 KiB. The two files stay under
        /// 64 KiB, and never pass 128 KiB, of the 256 KiB LittleFS partition a 4 MB ESP32 gives the internal drive
        /// (docs/recovery-log.md).
        /// </summary>
        public const long DefaultCapBytes = 32 * 1024;

        // Held from LoadSettings to Attach only: the heap is too small to keep a second copy of what the controller holds.
        private ChannelCalibration[] _calibrations;
        private ChannelMode[] _modes;

        /// <summary>A journal over the log's two files and the settings' two slots, for a board of <paramref name="channels"/>.</summary>
        public RecoveryJournal(IRecordFile logA, IRecordFile logB, IRecordFile settingsA, IRecordFile settingsB, int channels, long capBytes)
        {
            Log = new RecoveryLog(logA, logB, capBytes);
            Store = new SettingsStore(settingsA, settingsB);
            LastSession = new SessionReader(Log, channels);
            Pager = new LogPager(Log);
            _calibrations = new ChannelCalibration[channels];
            _modes = new ChannelMode[channels];
        }

        /// <summary>The recovery log.</summary>
        public RecoveryLog Log { get; }

        /// <summary>Pages the log out over BLE, under the log's lock.</summary>
        public LogPager Pager { get; }

        /// <summary>The settings' two copies.</summary>
        public SettingsStore Store { get; }

        /// <summary>
        /// The last session in the log when the board booted; see <see cref="HasInterruptedSession"/>. Null after
        /// <see cref="ReleaseLastSession"/>.
        /// </summary>
        public SessionReader LastSession { get; private set; }

        /// <summary>Whether the last session was cut by the power loss or restart this boot follows: report it as interrupted.</summary>
        public bool HasInterruptedSession { get; private set; }

        /// <summary>What loading the settings found.</summary>
        public SettingsLoad SettingsLoad { get; private set; }

        /// <summary>The writer; null before <see cref="Attach"/>.</summary>
        public SessionRecorder Recorder { get; private set; }

        /// <summary>
        /// Loads the stored settings into <paramref name="settings"/> (the defaults when none are whole), before the
        /// controller is built from them; keeps the calibrations and modes for <see cref="Attach"/>.
        /// </summary>
        public SettingsLoad LoadSettings(BalancerSettings settings)
        {
            SettingsLoad = Store.Load(settings, _calibrations, _modes);
            return SettingsLoad;
        }

        /// <summary>
        /// Opens the log (cutting a torn tail), finds whether the last session was left unfinished, applies the stored
        /// calibrations and modes to <paramref name="controller"/>, subscribes the writer to its events and queues the boot
        /// record; when the settings were not all there, publishes <see cref="EventKind.SettingsFallback"/>. Every relay is
        /// still open: nothing resumes, a new start checks each clip again.
        /// </summary>
        public SessionRecorder Attach(BalancerController controller)
        {
            Log.Open();
            HasInterruptedSession = LastSession.TryReadLast() && LastSession.Ending == SessionEnding.Open;
            for (var i = 0; i < _modes.Length && i < controller.ChannelCount; i++)
            {
                if (_calibrations[i].IsPlausible)
                {
                    controller.SetCalibration(i, _calibrations[i]);
                }

                if (_modes[i] != ChannelMode.Charge)
                {
                    controller.SetMode(i, _modes[i]);
                }
            }

            _calibrations = null;
            _modes = null;

            // Subscribed after the stored values are applied, so applying them does not save them again.
            Recorder = new SessionRecorder(controller, Log, Store);
            controller.Events.Subscribe(Recorder);
            Recorder.RecordBoot(SettingsLoad, HasInterruptedSession ? LastSession.Session : 0);
            if (SettingsLoad != SettingsLoad.Loaded)
            {
                controller.Announce(EventKind.SettingsFallback, (int)SettingsLoad, 0);
            }

            return Recorder;
        }

        /// <summary>
        /// Lets the last session's reader go once the boot has reported it: it holds an account per channel, about 1.5 KB
        /// of a 4-channel board's managed heap that nothing reads again (the log keeps the session).
        /// </summary>
        public void ReleaseLastSession() => LastSession = null;
    }
}
