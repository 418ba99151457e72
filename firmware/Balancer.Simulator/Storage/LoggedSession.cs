// SPDX-License-Identifier: MIT

using System.Collections.Generic;
using System.Linq;
using Balancer.Core.Log;
using Balancer.Core.Reporting;
using Balancer.Core.Settings;

namespace Balancer.Simulator.Storage
{
    /// <summary>
    /// One session read back from a recovery log: its report lines, built by the firmware's own
    /// <see cref="MorningReport.FromAccount"/> from each channel's last logged account.
    /// </summary>
    /// <param name="Session">The sequence number of its first record.</param>
    /// <param name="Ending">How it ended.</param>
    /// <param name="StartMilliseconds">When it began, ms since the boot it ran under.</param>
    /// <param name="LastMilliseconds">Its last record, ms since that boot.</param>
    /// <param name="TargetMode">The target mode.</param>
    /// <param name="TargetMillivolts">The target, mV (0 when none was known).</param>
    /// <param name="Lines">One line per channel started in it.</param>
    /// <param name="AccountMilliseconds">When each line's account was taken, ms since that boot.</param>
    /// <param name="FaultCount">Faults latched in it.</param>
    /// <param name="LostRecords">Records the firmware could not queue.</param>
    public sealed record LoggedSession(
        uint Session,
        SessionEnding Ending,
        long StartMilliseconds,
        long LastMilliseconds,
        TargetMode TargetMode,
        int TargetMillivolts,
        IReadOnlyList<ChannelReport> Lines,
        IReadOnlyList<long> AccountMilliseconds,
        int FaultCount,
        int LostRecords)
    {
        /// <summary>
        /// The session the reader is on, as it ended: a boot that finds the log's last session still open reads it before
        /// its own boot record, and passes <see cref="SessionEnding.Interrupted"/>.
        /// </summary>
        public static LoggedSession From(SessionReader reader, SessionEnding ending)
        {
            var lines = new List<ChannelReport>();
            var times = new List<long>();
            var interrupted = ending is SessionEnding.Interrupted;
            for (var i = 0; i < reader.Accounts.Length && i < reader.ChannelCount; i++)
            {
                if (!reader.HasAccount[i])
                {
                    continue;
                }

                var line = default(ChannelReport);
                MorningReport.FromAccount(reader.Accounts[i], i, reader.IsCalibrated[i], reader.LeakyMicrovoltsPerHour, interrupted, ref line);
                lines.Add(line);
                times.Add(reader.AccountMilliseconds[i]);
            }

            return new LoggedSession(reader.Session, ending, reader.StartMilliseconds, reader.LastMilliseconds, reader.TargetMode,
                reader.TargetMillivolts, lines, times, reader.FaultCount, reader.LostRecords)
            {
                IsStartLost = reader.IsStartLost,
            };
        }

        /// <summary>Whether the log no longer holds its start (it outlived both of the log's files).</summary>
        public bool IsStartLost { get; init; }

        /// <summary>In the simulator: when the power went, board clock ms (the session's times are on the same clock).</summary>
        public long? OutageMilliseconds { get; init; }

        /// <summary>In the simulator: the charge each channel's group had truly taken when the power went, mAh.</summary>
        public IReadOnlyList<double> TrueChargedAtOutage { get; init; }

        /// <summary>Whether any line was cut while working.</summary>
        public bool WasInterrupted => Lines.Any(l => l.WasInterrupted);

        /// <summary>One line of plain text per channel: what it had done by its last account.</summary>
        public string Describe() => string.Join("; ", Lines.Select((l, k) =>
            $"channel {l.Channel}: {l.Verdict}, {l.DeliveredMilliampereHours} mAh in {l.ChargeSeconds / 60.0:0.0} min of charge"
            + $" (last account {(AccountMilliseconds[k] - StartMilliseconds) / 60_000.0:0.0} min into the session)"));
    }
}
