// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Linq;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Log;
using Balancer.Core.Settings;
using Balancer.Simulator;
using Balancer.Simulator.Scenarios;
using Balancer.Simulator.Storage;
using Balancer.Tests.Control;
using Balancer.Tests.Simulator;
using Xunit;

namespace Balancer.Tests.Log
{
    /// <summary>The recovery log as the firmware writes it: the loop queues, the logging side writes, the boot reads back.</summary>
    public class SessionRecorderTests
    {
        [Fact]
        public void A_Whole_Session_Is_In_The_Log_From_Its_Start_To_Each_Channels_Last_Account_And_Its_End()
        {
            var simulation = new Simulation(ScenarioLoader.Load(ScenarioRuns.PathOf("m365-three-weak-groups")));
            simulation.Run();
            var controller = simulation.Board.Controller;
            var (log, records) = Read(simulation.Board.Flash);

            var reader = new SessionReader(log, controller.ChannelCount);
            Assert.True(reader.TryReadLast());
            Assert.Equal(SessionEnding.Ended, reader.Ending);
            Assert.Equal(controller.TargetMillivolts, reader.TargetMillivolts);
            Assert.Equal(controller.Settings.Get(SettingId.LeakyMicrovoltsPerHour), reader.LeakyMicrovoltsPerHour);
            for (var i = 0; i < controller.ChannelCount; i++)
            {
                // The logged end is the live account, byte for byte (times are kept in whole seconds).
                Assert.True(reader.HasAccount[i]);
                Assert.Equal(Bytes(controller.Channel(i).Account), Bytes(reader.Accounts[i]));
                Assert.Equal(controller.IsCalibrated(i), reader.IsCalibrated[i]);
            }

            // One boot, one session: its start, a start per channel, their ends, its end; and no pulse in between.
            Assert.Equal(LogRecordType.Boot, records[0].Type);
            Assert.Single(records, r => r.Type == LogRecordType.SessionStart);
            Assert.Equal(controller.ChannelCount, records.Count(r => r.Type == LogRecordType.ChannelStart));
            Assert.Equal(controller.ChannelCount, records.Count(r => r.Type == LogRecordType.ChannelEnd));
            Assert.Equal(LogRecordType.SessionEnd, records[^1].Type);
            Assert.DoesNotContain(records, r => r.Type == LogRecordType.Event && r.Payload[0] == (byte)EventKind.StateChanged
                && r.Payload[2] == (byte)ChannelState.Charging && r.Payload[3] == (byte)ChannelState.Resting);

            // A checkpoint when the clip check ends, then on the session's 5-minute grid (the channels' in consecutive ticks,
            // committed together), each one different from the channel's last.
            var sessionStart = records.Single(r => r.Type == LogRecordType.SessionStart).TimeMilliseconds;
            for (var i = 0; i < controller.ChannelCount; i++)
            {
                var checkpoints = records.Where(r => r.Type == LogRecordType.Checkpoint && r.Payload[0] == i).ToList();
                var start = records.Single(r => r.Type == LogRecordType.ChannelStart && r.Payload[0] == i).TimeMilliseconds;
                Assert.InRange(checkpoints[0].TimeMilliseconds - start, 0, 5_000);
                Assert.All(checkpoints.Skip(1), c => Assert.InRange((c.TimeMilliseconds - sessionStart) % SessionRecorder.CheckpointIntervalMilliseconds, 0, 100 * controller.ChannelCount));
                Assert.All(checkpoints.Zip(checkpoints.Skip(1)), p => Assert.NotEqual(p.First.Payload, p.Second.Payload));
                var end = records.Single(r => r.Type == LogRecordType.ChannelEnd && r.Payload[0] == i).TimeMilliseconds;
                Assert.InRange(checkpoints.Count, 2, 2 + ((end - start) / SessionRecorder.CheckpointIntervalMilliseconds));
            }
        }

        [Fact]
        public void A_Pause_That_Flaps_Is_Logged_Once_A_Half_Hour_And_Counted_In_The_Checkpoints()
        {
            var board = new EmulatedBoard(1, new BalancerSettings(), seed: 3);
            var flash = new BoardFlash();
            var recorder = new SessionRecorder(board.Controller, Log(flash), null);
            void Publish(EventKind kind, ChannelState from, ChannelState to, long at)
            {
                var e = new BalancerEvent { Kind = kind, Channel = 0, From = from, To = to, TimeMilliseconds = at };
                recorder.OnEvent(ref e);
            }

            Publish(EventKind.StateChanged, ChannelState.Idle, ChannelState.Checking, 0);
            for (var minute = 1; minute <= 60; minute++)
            {
                var at = minute * 60_000L;
                Publish(EventKind.StateChanged, ChannelState.Charging, ChannelState.Paused, at);
                Publish(EventKind.PauseStarted, ChannelState.Idle, ChannelState.Idle, at);
                Publish(EventKind.PauseEnded, ChannelState.Idle, ChannelState.Idle, at + 20_000);
                Publish(EventKind.StateChanged, ChannelState.Paused, ChannelState.Resting, at + 20_000);
                recorder.WritePending();
            }

            var (_, records) = Read(flash);
            var paused = records.Where(r => r.Type == LogRecordType.Event && r.Payload[0] == (byte)EventKind.PauseStarted).Select(r => r.TimeMilliseconds);
            Assert.Equal(new[] { 60_000L, 1_860_000L }, paused); // minutes 1 and 31
            Assert.Equal(4, records.Count(r => r.Type == LogRecordType.Event && (r.Payload[2] == (byte)ChannelState.Paused || r.Payload[3] == (byte)ChannelState.Paused)));
            Assert.Equal(2, records.Count(r => r.Type == LogRecordType.Event && r.Payload[0] == (byte)EventKind.PauseEnded));
        }

        [Fact]
        public void The_Loops_Side_Allocates_Nothing_Through_Checkpoints_And_Events()
        {
            var board = BenchRig.ChargingBoard(4, new BalancerSettings(), seed: 3);
            var recorder = new SessionRecorder(board.Controller, Log(new BoardFlash()), null);
            board.Controller.Events.Subscribe(recorder);
            board.Controller.StopAll();
            board.Controller.StartAll(); // a session, with its start records

            var allocated = 0L;
            for (var t = 0; t < 4_000; t++)
            {
                BenchRig.Present(board);
                var before = GC.GetAllocatedBytesForCurrentThread();
                board.Controller.RunOnce();
                recorder.AfterTick();
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                if (recorder.Pending > recorder.Capacity / 2)
                {
                    recorder.WritePending(); // the logging side, on its own thread on the device: not measured
                }
            }

            Assert.True(recorder.IsSessionOpen);
            Assert.Equal(0, recorder.LostRecords);
            Assert.True(recorder.Commits > 0);
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void Records_Of_Every_Size_Keep_Their_Payloads_Through_Many_Wraps_Of_The_Payload_Area()
        {
            var board = BenchRig.ChargingBoard(4, new BalancerSettings(), seed: 3);
            var flash = new BoardFlash();
            var recorder = new SessionRecorder(board.Controller, Log(flash), null);
            board.Controller.Events.Subscribe(recorder);
            board.Controller.StopAll();
            board.Controller.StartAll();
            var random = new Random(7);
            var marks = new List<int>();

            // 66 minutes of charging: checkpoints of 61 bytes among events of 15, the logging side at random moments.
            for (var t = 0; t < 40_000; t++)
            {
                BenchRig.Present(board);
                board.Controller.RunOnce();
                recorder.AfterTick();
                if (random.Next(10) == 0)
                {
                    var e = new BalancerEvent { Kind = EventKind.TargetSet, Channel = -1, Value = 1_000_000 + t, TimeMilliseconds = board.Controller.NowMilliseconds };
                    recorder.OnEvent(ref e);
                    marks.Add(1_000_000 + t);
                }

                if (random.Next(25) == 0)
                {
                    recorder.WritePending();
                }
            }

            recorder.WritePending();
            Assert.Equal(0, recorder.LostRecords);
            var (_, records) = Read(flash);

            // Every record in sequence, every event with its own value, every checkpoint a whole account of a channel.
            Assert.Equal(Enumerable.Range((int)records[0].Sequence, records.Count).Select(s => (uint)s), records.Select(r => r.Sequence));
            var logged = records.Where(r => r.Type == LogRecordType.Event && r.Payload[0] == (byte)EventKind.TargetSet)
                .Select(r => LittleEndian.GetInt32(r.Payload, 7)).Where(v => v >= 1_000_000).ToList();
            // The log keeps its newest 64 KiB or so (two files, forced to turn at twice the cap): the marks it holds are the
            // newest ones, in order, none missing.
            Assert.True(logged.Count > 500, $"{logged.Count} marks in the log");
            Assert.Equal(marks.Skip(marks.Count - logged.Count), logged);
            var checkpoints = records.Where(r => r.Type == LogRecordType.Checkpoint).ToList();
            Assert.True(checkpoints.Count >= 4 * 5, $"{checkpoints.Count} checkpoints");
            Assert.All(checkpoints, c =>
            {
                Assert.Equal(SessionRecorder.SlotBytes, c.Payload.Length);
                Assert.InRange(c.Payload[0], 0, 3);
                Assert.Equal(ChannelAccount.RecordVersion, c.Payload[1]);
            });
            Assert.True(records.Sum(r => r.Payload.Length) > 10 * recorder.PayloadCapacity, "the payload area wrapped fewer than ten times");
        }

        /// <summary>
        /// The ring's placement rule at its edges, on an area of 100 bytes: a payload may end one byte short of the oldest
        /// waiting one, never on it, at the area's end as after a wrap. One that ended on it would make the ring look empty,
        /// and the next record would be written over the oldest before the flash took it.
        /// </summary>
        [Theory]
        [InlineData(85, 0, true, 15, 85)] // empty: fits before the end
        [InlineData(90, 0, true, 15, 0)] // empty: starts again at 0
        [InlineData(50, 20, false, 15, 50)] // after the newest
        [InlineData(90, 16, false, 15, 0)] // wraps, ends a byte short of the oldest
        [InlineData(90, 15, false, 15, -1)] // wrapping would end on the oldest
        [InlineData(90, 14, false, 15, -1)] // wrapping would run over the oldest
        [InlineData(24, 40, false, 15, 24)] // behind the oldest, a byte short
        [InlineData(25, 40, false, 15, -1)] // behind the oldest, would end on it
        [InlineData(30, 40, false, 15, -1)] // behind the oldest, would run over it
        public void A_Payload_Never_Ends_On_The_Oldest_Waiting_One(int start, int oldest, bool isEmpty, int need, int expected)
        {
            Assert.Equal(expected, SessionRecorder.PlacePayload(start, oldest, isEmpty, need, 100));
        }

        /// <summary>
        /// The rule against a model of the ring: payloads of random sizes placed and taken oldest first in random bursts. No
        /// placed payload overlaps one still waiting or leaves the area, and the area is used to the end and from its start.
        /// </summary>
        [Fact]
        public void Payloads_Placed_By_The_Rule_Never_Overlap_One_Still_Waiting()
        {
            const int Capacity = 878;
            var random = new Random(11);
            var waiting = new Queue<(int At, int Length)>();
            var start = 0;
            var placed = 0;
            var refused = 0;
            var wraps = 0;
            for (var i = 0; i < 200_000; i++)
            {
                if (waiting.Count > 0 && random.Next(3) == 0)
                {
                    waiting.Dequeue();
                    continue;
                }

                var need = random.Next(4) == 0 ? SessionRecorder.SlotBytes : random.Next(3, 17);
                var at = SessionRecorder.PlacePayload(start, waiting.Count > 0 ? waiting.Peek().At : 0, waiting.Count == 0, need, Capacity);
                if (at < 0)
                {
                    refused++;
                    continue;
                }

                Assert.InRange(at + need, 0, Capacity);
                Assert.All(waiting, w => Assert.True(at + need <= w.At || w.At + w.Length <= at, $"{at}+{need} over {w.At}+{w.Length}"));
                wraps += at < start ? 1 : 0;
                waiting.Enqueue((at, need));
                start = at + need;
                placed++;
            }

            Assert.True(refused > 1_000 && wraps > 500, $"{placed} placed, {refused} refused, {wraps} wraps");
        }

        [Fact]
        public void A_Stalled_Flash_Fills_The_Ring_With_Checkpoints_And_None_Overwrites_Another()
        {
            var board = BenchRig.ChargingBoard(4, new BalancerSettings(), seed: 3);
            var file = new FailingFile();
            var log = new RecoveryLog(file, new FlashFileEmulator(), RecoveryJournal.DefaultCapBytes);
            log.Open();
            var recorder = new SessionRecorder(board.Controller, log, null);
            board.Controller.Events.Subscribe(recorder);
            // The flash stalls from the boot: its record sits at the payload area's first byte while the session's records and
            // checkpoints of 61 bytes pile up behind it until the ring is full.
            file.IsFailing = true;
            recorder.RecordBoot(SettingsLoad.Loaded, 0); // the area's first 16 bytes
            board.Controller.StopAll();
            board.Controller.StartAll();
            recorder.AfterTick();
            for (var t = 0; t < 60_000; t++)
            {
                BenchRig.Present(board);
                board.Controller.RunOnce();
                recorder.AfterTick();
                if (t % 10 == 0)
                {
                    recorder.WritePending();
                }

                if (t % 12_000 == 11_000)
                {
                    // Now and then the flash answers once, freeing every record, so the next ones start wherever the last
                    // ended and wrap past the area's end onto the oldest.
                    file.IsFailing = false;
                    recorder.WritePending();
                    file.IsFailing = true;
                }
            }

            Assert.True(recorder.LostRecords > 0, "the ring never filled");
            file.IsFailing = false;
            recorder.WritePending();

            var reread = new RecordLog(file);
            reread.Open();
            reread.Rewind();
            var checkpoints = 0;
            var starts = 0;
            Assert.True(reread.TryReadNext());
            Assert.Equal((byte)LogRecordType.Boot, reread.Type);
            Assert.Equal(new byte[] { SessionRecorder.BootFormat, 4, (byte)SettingsLoad.Loaded }, reread.Payload.AsSpan(reread.PayloadOffset, 3).ToArray());
            while (reread.TryReadNext())
            {
                if (reread.Type == (byte)LogRecordType.SessionStart)
                {
                    starts++;
                    Assert.Equal(4, reread.Payload[reread.PayloadOffset]); // the channel count, not a later record's bytes
                }

                if (reread.Type != (byte)LogRecordType.Checkpoint)
                {
                    continue;
                }

                checkpoints++;
                Assert.Equal(SessionRecorder.SlotBytes, reread.PayloadLength);
                Assert.InRange(reread.Payload[reread.PayloadOffset], 0, 3);
                Assert.Equal(ChannelAccount.RecordVersion, reread.Payload[reread.PayloadOffset + 1]);
            }

            Assert.True(checkpoints * SessionRecorder.SlotBytes > recorder.PayloadCapacity, $"{checkpoints} checkpoints logged");
            Assert.Equal(1, starts);
        }

        [Fact]
        public void A_Full_Ring_Drops_The_Newest_Records_Counts_Them_And_Logs_The_Count()
        {
            var board = new EmulatedBoard(1, new BalancerSettings(), seed: 3);
            var flash = new BoardFlash();
            var recorder = new SessionRecorder(board.Controller, Log(flash), null);
            for (var i = 0; i < 40; i++)
            {
                var e = new BalancerEvent { Kind = EventKind.TargetSet, Channel = -1, Value = 3_900 + i, TimeMilliseconds = i };
                recorder.OnEvent(ref e);
            }

            var slots = recorder.Capacity;
            Assert.Equal(SessionRecorder.MinimumSlots, slots);
            Assert.Equal(slots - 1, recorder.Pending);
            Assert.Equal(40 - (slots - 1), recorder.LostRecords);

            // The queued records, then the count of those lost, stamped with the last one's time.
            Assert.Equal(slots, recorder.WritePending());
            var (_, records) = Read(flash);
            Assert.Equal(Enumerable.Range(3_900, slots - 1), records.Take(slots - 1).Select(r => LittleEndian.GetInt32(r.Payload, 7)));
            Assert.Equal(LogRecordType.RecordsLost, records[^1].Type);
            Assert.Equal(40 - (slots - 1), LittleEndian.GetInt32(records[^1].Payload, 0));
            Assert.Equal(slots - 2, records[^1].TimeMilliseconds);
        }

        [Fact]
        public void A_Flash_That_Fails_Keeps_The_Records_Queued_And_Gets_Them_When_It_Answers_Again()
        {
            var board = new EmulatedBoard(1, new BalancerSettings(), seed: 3);
            var file = new FailingFile();
            var log = new RecoveryLog(file, new FlashFileEmulator(), RecoveryJournal.DefaultCapBytes);
            log.Open();
            var recorder = new SessionRecorder(board.Controller, log, null);
            var e = new BalancerEvent { Kind = EventKind.EmergencyStop, Channel = -1, TimeMilliseconds = 5 };
            recorder.OnEvent(ref e);

            file.IsFailing = true;
            Assert.Equal(0, recorder.WritePending());
            Assert.Equal(1, recorder.WriteFailures);
            Assert.Equal(1, recorder.Pending);

            file.IsFailing = false;
            Assert.Equal(1, recorder.WritePending());
            Assert.Equal(0, recorder.Pending);
            var reread = new RecordLog(file);
            reread.Open();
            reread.Rewind();
            Assert.True(reread.TryReadNext());
            Assert.Equal((byte)EventKind.EmergencyStop, reread.Payload[reread.PayloadOffset]);
        }

        [Fact]
        public void A_Batch_That_Fails_Halfway_Is_Taken_Back_And_Written_Once_When_The_Flash_Answers()
        {
            var board = new EmulatedBoard(2, new BalancerSettings(), seed: 3);
            var file = new FailingFile();
            var log = new RecoveryLog(file, new FlashFileEmulator(), RecoveryJournal.DefaultCapBytes);
            log.Open();
            var recorder = new SessionRecorder(board.Controller, log, null);
            board.Controller.Events.Subscribe(recorder);
            board.Controller.StartAll(); // a session's start, two channel starts, two state changes
            file.FailAfterAppends = 3;

            Assert.Equal(0, recorder.WritePending());
            Assert.Equal(1, recorder.WriteFailures);
            Assert.Equal(0, file.Length); // the three records that went in are taken back
            file.FailAfterAppends = null;
            Assert.Equal(5, recorder.WritePending());

            var reread = new RecoveryLog(file, new FlashFileEmulator(), RecoveryJournal.DefaultCapBytes);
            reread.Open();
            var types = new List<LogRecordType>();
            var sequences = new List<uint>();
            while (reread.TryReadNext())
            {
                types.Add((LogRecordType)reread.Record.Type);
                sequences.Add(reread.Record.Sequence);
            }

            Assert.Equal(new uint[] { 1, 2, 3, 4, 5 }, sequences);
            Assert.Equal(1, types.Count(t => t == LogRecordType.SessionStart));
            Assert.Equal(2, types.Count(t => t == LogRecordType.ChannelStart));
        }

        [Fact]
        public void A_Settings_Save_That_Fails_Does_Not_Stop_The_Log_And_Is_Tried_Again()
        {
            var board = new EmulatedBoard(1, new BalancerSettings(), seed: 3);
            var flash = new BoardFlash();
            var slot = new FailingFile { FailAfterAppends = 0 };
            var store = new SettingsStore(slot, new FailingFile { FailAfterAppends = 0 });
            var recorder = new SessionRecorder(board.Controller, Log(flash), store);
            board.Controller.Events.Subscribe(recorder);
            board.Controller.TrySetSetting(SettingId.TargetMillivolts, 3_920, out _);

            Assert.Equal(1, recorder.WritePending()); // the setting's event is logged
            Assert.Equal(1, recorder.SettingsSaveFailures);
            slot.FailAfterAppends = null;
            recorder.WritePending();
            Assert.Equal(1, recorder.SettingsSaveFailures);
            var settings = new BalancerSettings();
            Assert.Equal(SettingsLoad.Loaded, new SettingsStore(slot, new FlashFileEmulator()).Load(settings, new ChannelCalibration[1], new ChannelMode[1]));
            Assert.Equal(3_920, settings.Get(SettingId.TargetMillivolts));
        }

        [Fact]
        public void A_Reference_Watching_Before_The_Charge_Starts_Joins_The_Session_And_Opens_None_Of_Its_Own()
        {
            var flash = new BoardFlash();
            var board = new EmulatedBoard(3, new BalancerSettings(), seed: 3, flash, null);
            Assert.Equal(CommandResult.Ok, board.Controller.SetMode(0, ChannelMode.MonitorOnly));
            Assert.Equal(CommandResult.Ok, board.Controller.Start(0));
            Tick(board, 30);
            board.Controller.Start(1);
            board.Controller.Start(2);
            Tick(board, 30);
            board.Controller.StopAll();
            Tick(board, 2);
            board.Journal.Recorder.WritePending();

            var (log, records) = Read(flash);
            Assert.Single(records, r => r.Type == LogRecordType.SessionStart);
            Assert.Single(records, r => r.Type == LogRecordType.SessionEnd);
            var start = records.FindIndex(r => r.Type == LogRecordType.SessionStart);
            Assert.Equal(new byte[] { 0, 1, 2 }, records.Skip(start).Where(r => r.Type == LogRecordType.ChannelStart).Select(r => r.Payload[0]).OrderBy(c => c));
            var reader = new SessionReader(log, 3);
            Assert.True(reader.TryReadLast());
            Assert.All(reader.HasAccount, Assert.True);
            Assert.Equal(ChannelMode.MonitorOnly, reader.Accounts[0].Mode);
        }

        [Fact]
        public void A_Channel_Stopped_And_Started_Again_In_One_Tick_Keeps_Its_First_Runs_End()
        {
            var flash = new BoardFlash();
            var board = new EmulatedBoard(2, new BalancerSettings(), seed: 3, flash, null);
            board.Controller.StartAll();
            Tick(board, 40);
            board.Controller.Commands.TryEnqueue(QueuedCommand.Stop, 1, 0, 0, out _);
            board.Controller.Commands.TryEnqueue(QueuedCommand.Start, 1, 0, 0, out _);
            Tick(board, 2);
            board.Journal.Recorder.WritePending();

            var types = Read(flash).Records.Where(r => r.Payload.Length > 0 && r.Payload[0] == 1 && r.Type is LogRecordType.ChannelStart or LogRecordType.ChannelEnd).Select(r => r.Type);
            Assert.Equal(new[] { LogRecordType.ChannelStart, LogRecordType.ChannelEnd, LogRecordType.ChannelStart }, types);
        }

        [Fact]
        public void A_Stop_Out_Of_A_Pause_That_Was_Not_Logged_Is_Logged()
        {
            var board = new EmulatedBoard(1, new BalancerSettings(), seed: 3);
            var flash = new BoardFlash();
            var recorder = new SessionRecorder(board.Controller, Log(flash), null);
            void Publish(EventKind kind, ChannelState from, ChannelState to, long at, TransitionReason reason = TransitionReason.None)
            {
                var e = new BalancerEvent { Kind = kind, Channel = 0, From = from, To = to, TimeMilliseconds = at, Reason = reason };
                recorder.OnEvent(ref e);
            }

            Publish(EventKind.StateChanged, ChannelState.Idle, ChannelState.Checking, 0);
            Publish(EventKind.StateChanged, ChannelState.Charging, ChannelState.Paused, 60_000);
            Publish(EventKind.StateChanged, ChannelState.Paused, ChannelState.Resting, 80_000);
            Publish(EventKind.StateChanged, ChannelState.Charging, ChannelState.Paused, 120_000); // within the half hour: not logged
            Publish(EventKind.StateChanged, ChannelState.Paused, ChannelState.Idle, 130_000, TransitionReason.StopCommand);
            recorder.WritePending();

            var changes = Read(flash).Records.Where(r => r.Type == LogRecordType.Event && r.Payload[0] == (byte)EventKind.StateChanged)
                .Select(r => ((ChannelState)r.Payload[2], (ChannelState)r.Payload[3])).ToList();
            Assert.Contains((ChannelState.Paused, ChannelState.Idle), changes);
            Assert.Single(changes, c => c == (ChannelState.Charging, ChannelState.Paused)); // the second pause was not logged
        }

        [Fact]
        public void What_The_Logging_Side_Had_Not_Written_Is_Lost_With_The_Power_And_What_It_Had_Survives()
        {
            var flash = new BoardFlash();
            var board = new EmulatedBoard(2, new BalancerSettings(), seed: 3, flash, null);
            board.Controller.StartAll();
            Tick(board, 50);
            board.Journal.Recorder.WritePending();
            var written = Read(flash).Records.Count;
            board.Controller.StopAll(); // queued, never written
            Tick(board, 5);
            Assert.True(board.Journal.Recorder.Pending > 0);

            board.Reboot();

            var (_, records) = Read(flash);
            Assert.Equal(written, records.Count); // the boot's own record is still queued
            Assert.True(board.Journal.HasInterruptedSession);
            board.Journal.Recorder.WritePending();
            var boot = Read(flash).Records.Skip(written).First();
            Assert.Equal(LogRecordType.Boot, boot.Type);
            Assert.Equal(1, boot.Payload[3]); // it found the unfinished session
            Assert.Equal(board.Journal.LastSession.Session, (uint)LittleEndian.GetInt32(boot.Payload, 12));
            Assert.All(board.Contacts, c => Assert.False(c.IsContactClosed));
            Assert.All(Enumerable.Range(0, 2), i => Assert.Equal(ChannelState.Idle, board.Controller.Channel(i).State));
        }

        [Fact]
        public void Settings_Calibrations_And_Modes_Survive_A_Reboot()
        {
            var events = new EventRecorder();
            var board = new EmulatedBoard(3, new BalancerSettings(), seed: 3, new BoardFlash(), events);
            var calibration = new ChannelCalibration { VoltageGainPpm = 1_003_000, VoltageOffsetMillivolts = -4, CurrentOffsetMicroamperes = 120 };
            Assert.Equal(SettingsLoad.NoneStored, (SettingsLoad)events.Of(EventKind.SettingsFallback).Single().Value);
            Assert.Equal(SettingResult.Ok, board.Controller.TrySetSetting(SettingId.TargetMillivolts, 3_930, out _));
            Assert.Equal(CommandResult.Ok, board.Controller.SetMode(2, ChannelMode.MonitorOnly));
            Assert.Equal(CommandResult.Ok, board.Controller.SetCalibration(1, calibration));
            board.Journal.Recorder.WritePending();
            events.Events.Clear();

            board.Reboot();

            Assert.Equal(3_930, board.Controller.Settings.Get(SettingId.TargetMillivolts));
            Assert.Equal(ChannelMode.MonitorOnly, board.Controller.Channel(2).Mode);
            Assert.Equal(ChannelMode.Charge, board.Controller.Channel(0).Mode);
            Assert.Equal(calibration, board.Controller.CalibrationOf(1));
            Assert.Equal(0b010, board.Controller.CalibratedChannelMask);
            Assert.Equal(SettingsLoad.Loaded, board.Journal.SettingsLoad);
            Assert.Empty(events.Of(EventKind.SettingsFallback));
        }

        [Fact]
        public void A_Damaged_Copy_Falls_Back_To_The_Other_With_An_Event_And_Two_To_The_Defaults_With_One()
        {
            var events = new EventRecorder();
            var flash = new BoardFlash();
            var board = new EmulatedBoard(1, new BalancerSettings(), seed: 3, flash, events);
            board.Controller.TrySetSetting(SettingId.TargetMillivolts, 3_900, out _);
            board.Journal.Recorder.WritePending();
            board.Controller.TrySetSetting(SettingId.TargetMillivolts, 3_950, out _);
            board.Journal.Recorder.WritePending();
            flash.SettingsB.Bytes[12] ^= 0x04; // the newest copy: the second save went to the second slot
            events.Events.Clear();

            board.Reboot();

            Assert.Equal(3_900, board.Controller.Settings.Get(SettingId.TargetMillivolts));
            Assert.Equal(SettingsLoad.LoadedOtherCopyDamaged, (SettingsLoad)events.Of(EventKind.SettingsFallback).Single().Value);

            flash.SettingsA.Bytes[12] ^= 0x04;
            events.Events.Clear();
            board.Reboot();

            Assert.Equal(BalancerSettings.DefaultOf(SettingId.TargetMillivolts), board.Controller.Settings.Get(SettingId.TargetMillivolts));
            Assert.Equal(SettingsLoad.Defaults, (SettingsLoad)events.Of(EventKind.SettingsFallback).Single().Value);
            board.Journal.Recorder.WritePending();
            Assert.Contains(Read(flash).Records, r => r.Type == LogRecordType.Event && r.Payload[0] == (byte)EventKind.SettingsFallback);
        }

        [Fact]
        public void Sessions_Stay_Whole_When_The_Log_Turns_To_Its_Other_File()
        {
            var flash = new BoardFlash { CapBytes = 2_000 };
            var board = new EmulatedBoard(2, new BalancerSettings(), seed: 3, flash, null);
            for (var session = 0; session < 10; session++)
            {
                board.Controller.StartAll();
                Tick(board, 40);
                board.Controller.StopAll();
                Tick(board, 2);
                board.Journal.Recorder.WritePending();
            }

            Assert.True(board.Journal.Log.Rotations >= 2);
            var (log, records) = Read(flash);

            // Whatever the log still holds starts at a session's start (or a boot) and runs in sequence.
            Assert.Contains(records[0].Type, new[] { LogRecordType.SessionStart, LogRecordType.Boot });
            Assert.Equal(Enumerable.Range((int)records[0].Sequence, records.Count).Select(s => (uint)s), records.Select(r => r.Sequence));
            var reader = new SessionReader(log, 2);
            reader.Rewind();
            var sessions = 0;
            while (reader.TryReadNext())
            {
                Assert.Equal(SessionEnding.Ended, reader.Ending);
                Assert.True(reader.HasAccount[0] && reader.HasAccount[1]);
                sessions++;
            }

            Assert.InRange(sessions, 1, 9);
            Assert.True(flash.LogA.Length <= 2 * flash.CapBytes && flash.LogB.Length <= 2 * flash.CapBytes);

            // A reboot finds the newest file and goes on with the sequence.
            var last = records[^1].Sequence;
            board.Reboot();
            board.Journal.Recorder.WritePending();
            Assert.Equal(LogRecordType.Boot, Read(flash).Records.Single(r => r.Sequence == last + 1).Type);
            Assert.False(board.Journal.HasInterruptedSession);
        }

        [Fact]
        public void A_Session_Past_Twice_The_Cap_Goes_On_In_The_Other_File_And_Still_Reads_Whole()
        {
            var (a, b, log) = LongSession(minutes: 15);

            Assert.Equal(1, log.Rotations);
            Assert.True(a.Length >= 1_000 && b.Length > 0 && b.Length < 1_000);
            var reader = new SessionReader(log, 1);
            Assert.True(reader.TryReadLast());
            Assert.Equal(SessionEnding.Open, reader.Ending);
            Assert.Equal(15 * 60_000L, reader.AccountMilliseconds[0]);
            Assert.Equal(250, (int)(reader.Accounts[0].DeliveredMicroampereMilliseconds / ChannelAccount.MicroampereMillisecondsPerMilliampereHour));
        }

        [Fact]
        public void A_Session_That_Outlives_Both_Files_Is_Still_Found_After_A_Power_Cut_Without_Its_Start()
        {
            var (a, b, log) = LongSession(minutes: 40);

            Assert.True(log.Rotations >= 2);
            var reopened = new RecoveryLog(a, b, capBytes: 500);
            reopened.Open();
            var reader = new SessionReader(reopened, 1);
            Assert.True(reader.TryReadLast());
            Assert.True(reader.IsStartLost);
            Assert.Equal(SessionEnding.Open, reader.Ending); // what a boot reports as interrupted
            Assert.Equal(40 * 60_000L, reader.AccountMilliseconds[0]);
            Assert.Equal(666, (int)(reader.Accounts[0].DeliveredMicroampereMilliseconds / ChannelAccount.MicroampereMillisecondsPerMilliampereHour)); // 1 A for 40 min
        }

        [Fact]
        public void The_Reader_Tells_How_Each_Session_Ended()
        {
            var file = new FlashFileEmulator();
            var log = new RecoveryLog(file, new FlashFileEmulator(), RecoveryJournal.DefaultCapBytes);
            log.Open();
            var account = new ChannelAccount();
            account.Clear(ChannelState.Charging, ChannelMode.Charge);
            account.DeliveredMicroampereMilliseconds = 120 * ChannelAccount.MicroampereMillisecondsPerMilliampereHour;
            Session(log, account, LogRecordType.SessionEnd);   // ended
            Session(log, account, LogRecordType.Boot);         // interrupted by a boot
            Session(log, account, LogRecordType.None);         // its end lost: the next session starts
            Session(log, account, LogRecordType.None);         // still open at the log's end

            var reader = new SessionReader(log, 1);
            reader.Rewind();
            var endings = new List<SessionEnding>();
            while (reader.TryReadNext())
            {
                endings.Add(reader.Ending);
                Assert.Equal(120, (int)(reader.Accounts[0].DeliveredMicroampereMilliseconds / ChannelAccount.MicroampereMillisecondsPerMilliampereHour));
            }

            Assert.Equal(new[] { SessionEnding.Ended, SessionEnding.Interrupted, SessionEnding.EndLost, SessionEnding.Open }, endings);
        }

        /// <summary>One session on a log whose files turn at 500 bytes: its start, then a checkpoint a minute at 1 A.</summary>
        private static (FlashFileEmulator A, FlashFileEmulator B, RecoveryLog Log) LongSession(int minutes)
        {
            var (a, b) = (new FlashFileEmulator(), new FlashFileEmulator());
            var log = new RecoveryLog(a, b, capBytes: 500);
            log.Open();
            var account = new ChannelAccount();
            account.Clear(ChannelState.Charging, ChannelMode.Charge);
            var payload = new byte[RecordLog.MaximumPayload];
            payload[0] = 1;
            log.RotateIfFull();
            log.Append((byte)LogRecordType.SessionStart, 0, payload, 0, 12);
            payload[0] = 0;
            for (var minute = 1; minute <= minutes; minute++)
            {
                account.DeliveredMicroampereMilliseconds = minute * 60_000L * 1_000_000;
                account.Write(payload, 1);
                log.Append((byte)LogRecordType.Checkpoint, minute * 60_000L, payload, 0, 1 + ChannelAccount.RecordLength);
                log.Flush();
            }

            return (a, b, log);
        }

        private static void Session(RecoveryLog log, ChannelAccount account, LogRecordType end)
        {
            var payload = new byte[RecordLog.MaximumPayload];
            payload[0] = 1; // one channel
            log.Append((byte)LogRecordType.SessionStart, 0, payload, 0, 12);
            payload[0] = 0;
            log.Append((byte)LogRecordType.ChannelStart, 1, payload, 0, 15);
            account.Write(payload, 1);
            log.Append((byte)LogRecordType.Checkpoint, 2, payload, 0, 1 + ChannelAccount.RecordLength);
            if (end != LogRecordType.None)
            {
                log.Append((byte)end, 3, payload, 0, 16);
            }

            log.Flush();
        }

        private static void Tick(EmulatedBoard board, int ticks)
        {
            for (var t = 0; t < ticks; t++)
            {
                BenchRig.Present(board);
                board.Controller.RunOnce();
                board.Journal.Recorder.AfterTick();
            }
        }

        private static RecoveryLog Log(BoardFlash flash)
        {
            var log = new RecoveryLog(flash.LogA, flash.LogB, flash.CapBytes);
            log.Open();
            return log;
        }

        private static (RecoveryLog Log, List<Record> Records) Read(BoardFlash flash)
        {
            var log = Log(flash);
            var records = new List<Record>();
            while (log.TryReadNext())
            {
                var r = log.Record;
                records.Add(new Record((LogRecordType)r.Type, r.Sequence, r.TimeMilliseconds, r.Payload.AsSpan(r.PayloadOffset, r.PayloadLength).ToArray()));
            }

            return (log, records);
        }

        private static byte[] Bytes(ChannelAccount account)
        {
            var bytes = new byte[ChannelAccount.RecordLength];
            account.Write(bytes, 0);
            return bytes;
        }

        private sealed record Record(LogRecordType Type, uint Sequence, long TimeMilliseconds, byte[] Payload);

        /// <summary>A flash file whose writes throw while it is failing, as a full or broken file system would.</summary>
        private sealed class FailingFile : IRecordFile
        {
            private readonly FlashFileEmulator _file = new();

            public bool IsFailing { get; set; }

            /// <summary>Appends that succeed before the next one throws; null: no limit.</summary>
            public int? FailAfterAppends { get; set; }

            public long Length => _file.Length;

            public int Read(long position, byte[] buffer, int offset, int count) => _file.Read(position, buffer, offset, count);

            public void Append(byte[] buffer, int offset, int count)
            {
                if (IsFailing || FailAfterAppends == 0)
                {
                    throw new System.IO.IOException("no space left on the file system");
                }

                FailAfterAppends--;
                _file.Append(buffer, offset, count);
            }

            public void Flush() => _file.Flush();

            public void Truncate(long length) => _file.Truncate(length);
        }
    }
}
