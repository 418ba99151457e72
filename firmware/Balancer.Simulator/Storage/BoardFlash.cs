// SPDX-License-Identifier: MIT

using Balancer.Core.Log;

namespace Balancer.Simulator.Storage
{
    /// <summary>
    /// The files the firmware keeps on the ESP32's internal flash, emulated: the recovery log's two files and the
    /// settings' two copies. They outlive a reboot of the emulated board.
    /// </summary>
    public sealed class BoardFlash
    {
        /// <summary>The log's first file.</summary>
        public FlashFileEmulator LogA { get; } = new();

        /// <summary>The log's second file.</summary>
        public FlashFileEmulator LogB { get; } = new();

        /// <summary>The settings' first copy.</summary>
        public FlashFileEmulator SettingsA { get; } = new();

        /// <summary>The settings' second copy.</summary>
        public FlashFileEmulator SettingsB { get; } = new();

        /// <summary>The size cap of one log file, bytes.</summary>
        public long CapBytes { get; init; } = RecoveryJournal.DefaultCapBytes;

        /// <summary>Bytes written to flash so far, every file.</summary>
        public long BytesWritten => LogA.BytesWritten + LogB.BytesWritten + SettingsA.BytesWritten + SettingsB.BytesWritten;

        /// <summary>Commits so far, every file: on LittleFS each copies the file's last block and writes its metadata.</summary>
        public long Commits => LogA.Commits + LogB.Commits + SettingsA.Commits + SettingsB.Commits;

        /// <summary>The power goes: every file returns to its last commit.</summary>
        public void LosePower()
        {
            LogA.LosePower();
            LogB.LosePower();
            SettingsA.LosePower();
            SettingsB.LosePower();
        }

        /// <summary>
        /// The whole log as one file, as the device pages it out: the older file's records, then the current one's. A valid
        /// log on its own: the sequence numbers run on from one to the other.
        /// </summary>
        public byte[] LogBytes()
        {
            var log = new RecoveryLog(LogA, LogB, CapBytes);
            log.Open();
            return [.. ((FlashFileEmulator)log.OlderFile).Bytes, .. ((FlashFileEmulator)log.CurrentFile).Bytes];
        }
    }
}
