// SPDX-License-Identifier: MIT

using Balancer.Core.Control;
using Balancer.Core.Events;
using Balancer.Core.Settings;

namespace Balancer.Core.Log
{
    /// <summary>
    /// Writes every recovery attempt to the log (spec §7) without the tick ever touching flash. The loop's side
    /// (<see cref="OnEvent"/>, <see cref="AfterTick"/>) copies what happened into a fixed ring of slots and allocates
    /// nothing; the logging side (<see cref="WritePending"/>, its own thread on the device) turns the slots into records
    /// and saves the settings when they changed, holding the log's lock (a <see cref="LogPager"/> reads under it). A full ring drops the newest record and counts it; the count is
    /// written as soon as there is room (<see cref="LogRecordType.RecordsLost"/>).
    /// </summary>
    /// <remarks>
    /// One producer (the loop's thread) and one consumer (the logging thread): the producer only moves the head, the
    /// consumer only the tail. The settings are read by the logging side when it saves them: each is one 32-bit value,
    /// written whole by the loop's thread.
    /// </remarks>
    public sealed class SessionRecorder : IEventSink
    {
        /// <summary>The fewest slots in the ring.</summary>
        public const int MinimumSlots = 32;

        /// <summary>Bytes of payload a slot holds: a channel and its account.</summary>
        public const int SlotBytes = 1 + ChannelAccount.RecordLength;

        /// <summary>A working channel's account is written this often, ms (spec §7: every 5 min).</summary>
        public const long CheckpointIntervalMilliseconds = 300_000;

        /// <summary>
        /// A channel's pauses are logged one per this long, ms: a pause that flaps (a board at its temperature limit) would
        /// otherwise fill the flash with four records a minute. The others are counted in its checkpoints.
        /// </summary>
        public const long PauseLogIntervalMilliseconds = 1_800_000;

        /// <summary>The format of the boot record's payload.</summary>
        public const byte BootFormat = 1;

        private const int SessionStartSlotBytes = 11;
        private const int EventSlotBytes = 16;

        private readonly BalancerController _controller;
        private readonly RecoveryLog _log;
        private readonly SettingsStore _store;
        private readonly int _slotCount;
        private readonly byte[] _types;
        private readonly long[] _times;
        private readonly int[] _lengths;
        private readonly byte[] _slots;
        private readonly int[] _offsets;
        private int _payloadHead;
        private readonly byte[] _record = new byte[RecordLog.MaximumPayload];
        private readonly long[] _nextCheckpoint;
        private readonly uint[] _lastCheckpointCrc;
        private readonly long[] _nextPauseLog;
        private readonly bool[] _isPauseLogged;
        private readonly ChannelCalibration[] _calibrations;
        private readonly ChannelMode[] _modes;
        private volatile int _head;
        private volatile int _tail;
        private volatile int _lost;
        private int _lostWritten;
        private volatile int _settingsVersion;
        private int _savedVersion;
        private bool _isSessionOpen;
        private long _sessionStartMilliseconds;
        private int _checkpointCursor;
        private long _lastTime;

        /// <summary>A recorder for <paramref name="controller"/>, writing to <paramref name="log"/> and saving settings to <paramref name="store"/> (may be null).</summary>
        public SessionRecorder(BalancerController controller, RecoveryLog log, SettingsStore store)
        {
            _controller = controller;
            _log = log;
            _store = store;
            var channels = controller.ChannelCount;

            // A session's start queues its own record, then a start and a state change per channel, all in one tick.
            _slotCount = 16 + (3 * channels) > MinimumSlots ? 16 + (3 * channels) : MinimumSlots;
            _types = new byte[_slotCount];
            _times = new long[_slotCount];
            _lengths = new int[_slotCount];
            _offsets = new int[_slotCount];

            // Payloads take the bytes they need (most are 15, a checkpoint 61): room for every slot's event and a
            // checkpoint or an end per channel, plus two, which a session's end needs at once.
            _slots = new byte[(_slotCount * EventSlotBytes) + ((channels + 2) * SlotBytes)];
            _nextCheckpoint = new long[channels];
            _lastCheckpointCrc = new uint[channels];
            _nextPauseLog = new long[channels];
            _isPauseLogged = new bool[channels];
            _calibrations = new ChannelCalibration[channels];
            _modes = new ChannelMode[channels];
        }

        /// <summary>Slots in the ring: a burst of this many records waits for the flash (16 + 3 per channel, at least 32).</summary>
        public int Capacity => _slotCount;

        /// <summary>Bytes of payload the ring holds at once: 16 a slot, and a checkpoint's 61 for each channel and two more.</summary>
        public int PayloadCapacity => _slots.Length;

        /// <summary>Records the ring had no room for, since start-up.</summary>
        public int LostRecords => _lost;

        /// <summary>
        /// Batches that threw (flash full or failing) since start-up: each was taken back whole from the file and stays
        /// queued, to be written once when the flash answers again.
        /// </summary>
        public int WriteFailures { get; private set; }

        /// <summary>Settings saves that threw since start-up; the save is tried again at the next round.</summary>
        public int SettingsSaveFailures { get; private set; }

        /// <summary>Commits of the log file since start-up: one per batch the logging side wrote.</summary>
        public int Commits { get; private set; }

        /// <summary>Records waiting for the logging side.</summary>
        public int Pending
        {
            get
            {
                var pending = _head - _tail;
                return pending < 0 ? pending + _slotCount : pending;
            }
        }

        /// <summary>Whether a session is open: started, with a charging channel still working.</summary>
        public bool IsSessionOpen => _isSessionOpen;

        /// <summary>
        /// Queues the boot record: what loading the settings found, and the session a power loss or restart left unfinished
        /// (0 when none). Call once, after the log is open and before the first tick.
        /// </summary>
        public void RecordBoot(SettingsLoad settingsLoad, uint unfinishedSession)
        {
            var at = Begin(LogRecordType.Boot, _controller.NowMilliseconds, 16);
            if (at < 0)
            {
                return;
            }

            var slots = _slots;
            slots[at] = BootFormat;
            slots[at + 1] = (byte)_controller.ChannelCount;
            slots[at + 2] = (byte)settingsLoad;
            slots[at + 3] = (byte)(unfinishedSession != 0 ? 1 : 0);
            LittleEndian.PutInt32(slots, at + 4, (int)(_log.TornTailBytes > int.MaxValue ? int.MaxValue : _log.TornTailBytes));
            LittleEndian.PutInt32(slots, at + 8, _log.CorruptRecords);
            LittleEndian.PutInt32(slots, at + 12, (int)unfinishedSession);
            Commit(16);
        }

        /// <inheritdoc/>
        public void OnEvent(ref BalancerEvent e)
        {
            switch (e.Kind)
            {
                case EventKind.StateChanged:
                    OnStateChanged(ref e);
                    if ((IsPulse(e.From) && IsPulse(e.To)) || !IsPauseLogged(ref e))
                    {
                        return; // a pulse or a rest, a pause past the first in its half hour: the checkpoints count them
                    }

                    break;

                case EventKind.PauseStarted:
                case EventKind.PauseEnded:
                    if (!IsPauseLogged(ref e))
                    {
                        return;
                    }

                    break;

                case EventKind.RelayChanged:
                case EventKind.ChargerSupplyChanged:
                case EventKind.HoldSample:
                case EventKind.CheckStepChanged:
                case EventKind.OcvMeasured:
                    return;

                case EventKind.SettingChanged:
                case EventKind.CalibrationSet:
                case EventKind.ModeChanged:
                    _settingsVersion++;
                    break;
            }

            var at = Begin(LogRecordType.Event, e.TimeMilliseconds, 15);
            if (at < 0)
            {
                return;
            }

            var slots = _slots;
            slots[at] = (byte)e.Kind;
            slots[at + 1] = (byte)(sbyte)e.Channel;
            slots[at + 2] = (byte)e.From;
            slots[at + 3] = (byte)e.To;
            slots[at + 4] = (byte)e.Reason;
            slots[at + 5] = (byte)e.Fault;
            slots[at + 6] = (byte)e.Guardrail;
            LittleEndian.PutInt32(slots, at + 7, e.Value);
            LittleEndian.PutInt32(slots, at + 11, e.Threshold);
            Commit(15);
        }

        /// <summary>
        /// On the loop's thread after each tick: the session's end when no charging channel is working any more, and at most
        /// one due checkpoint. Checkpoints fall on one 5-minute grid from the
        /// session's start, so the channels' land in consecutive ticks and the logging side commits them together; a
        /// checkpoint identical to the channel's last one (a hold, a pause) is not written.
        /// </summary>
        public void AfterTick()
        {
            if (!_isSessionOpen)
            {
                return;
            }

            var now = _controller.NowMilliseconds;
            var count = _controller.ChannelCount;
            if (!_controller.IsChargeUnderWay)
            {
                // The references (monitor-only) stay ready; their last account closes the session with it.
                for (var i = 0; i < count; i++)
                {
                    if (_controller.Channel(i).IsActive)
                    {
                        QueueAccount(LogRecordType.ChannelEnd, i, now);
                    }
                }

                var at = Begin(LogRecordType.SessionEnd, now, 1);
                if (at >= 0)
                {
                    _slots[at] = (byte)count;
                    Commit(1);
                }

                _isSessionOpen = false;
                return;
            }

            for (var k = 0; k < count; k++)
            {
                var i = (_checkpointCursor + k) % count;
                if (_controller.Channel(i).IsActive && now >= _nextCheckpoint[i])
                {
                    var elapsed = now - _sessionStartMilliseconds;
                    _nextCheckpoint[i] = _sessionStartMilliseconds + (((elapsed / CheckpointIntervalMilliseconds) + 1) * CheckpointIntervalMilliseconds);
                    _checkpointCursor = i + 1;
                    QueueCheckpoint(i, now);
                    return;
                }
            }
        }

        /// <summary>
        /// On the logging side: saves the settings if they changed, then writes every queued record, oldest first. Returns
        /// the records written. A write that throws is counted and tried again next time.
        /// </summary>
        public int WritePending()
        {
            lock (_log)
            {
                return WritePendingLocked();
            }
        }

        private int WritePendingLocked()
        {
            var version = _settingsVersion;
            if (_store != null && version != _savedVersion)
            {
                try
                {
                    SaveSettings();
                    _savedVersion = version;
                }
                catch (System.Exception)
                {
                    SettingsSaveFailures++; // the log goes on; the save is tried again next round
                }
            }

            // One commit for the whole batch: on LittleFS each commit copies the file's last block.
            var written = 0;
            var tail = _tail;
            var lost = _lost;
            _log.MarkBatch();
            try
            {
                var lastTime = _lastTime;
                while (tail != _head)
                {
                    WriteSlot(tail);
                    lastTime = _times[tail];
                    tail = (tail + 1) % _slotCount;
                    written++;
                }

                if (lost != _lostWritten)
                {
                    LittleEndian.PutInt32(_record, 0, lost - _lostWritten);
                    _log.Append((byte)LogRecordType.RecordsLost, lastTime, _record, 0, 4);
                    written++;
                }

                if (written > 0)
                {
                    _log.Flush();
                    Commits++;
                }

                _lastTime = lastTime;
            }
            catch (System.Exception)
            {
                WriteFailures++;
                try
                {
                    _log.AbandonBatch(); // nothing of the batch stays in the file: the retry writes each record once
                }
                catch (System.Exception)
                {
                    // The flash refuses even that: the next boot's open cuts whatever is torn.
                }

                return 0;
            }

            _lostWritten = lost;
            _tail = tail; // the slots are free once their records are durable
            return written;
        }

        private void OnStateChanged(ref BalancerEvent e)
        {
            var channel = e.Channel;
            if (channel < 0 || channel >= _nextCheckpoint.Length)
            {
                return;
            }

            var now = e.TimeMilliseconds;
            if (e.To == ChannelState.Checking && !ChannelStates.IsWorking(e.From))
            {
                if (!_isSessionOpen)
                {
                    // A session is a charge: a reference that starts watching alone opens none, and joins the session when
                    // a charging channel starts it.
                    if (_controller.Channel(channel).Mode != ChannelMode.Charge)
                    {
                        return;
                    }

                    _isSessionOpen = true;
                    _sessionStartMilliseconds = now;
                    QueueSessionStart(now);
                    for (var i = 0; i < _nextCheckpoint.Length; i++)
                    {
                        if (i != channel && _controller.Channel(i).IsActive)
                        {
                            StartChannel(i, now);
                            _nextCheckpoint[i] = now;
                        }
                    }
                }

                StartChannel(channel, now);
                return;
            }

            if (!_isSessionOpen)
            {
                return;
            }

            if (e.From == ChannelState.Checking && ChannelStates.IsWorking(e.To))
            {
                _nextCheckpoint[channel] = now; // the starting OCV and the contact resistance, at once
            }
            else if (ChannelStates.IsWorking(e.From) && !ChannelStates.IsWorking(e.To))
            {
                // Its last account now, as the state machine left it: a start in the same tick begins a new one.
                QueueAccount(LogRecordType.ChannelEnd, channel, now);
            }
        }

        private void StartChannel(int channel, long now)
        {
            QueueChannelStart(channel, now);
            _nextCheckpoint[channel] = long.MaxValue; // the first comes when the clip check ends
            _lastCheckpointCrc[channel] = 0;
            _nextPauseLog[channel] = now;
        }

        /// <summary>
        /// Whether the event belongs to a pause that is logged: the decision is taken when the channel enters Paused (the
        /// first of a pause's events) and holds for its start, its end and its way out.
        /// </summary>
        private bool IsPauseLogged(ref BalancerEvent e)
        {
            var channel = e.Channel;
            if (channel < 0 || channel >= _isPauseLogged.Length)
            {
                return true;
            }

            if (e.Kind == EventKind.StateChanged && e.To == ChannelState.Paused)
            {
                _isPauseLogged[channel] = e.TimeMilliseconds >= _nextPauseLog[channel];
                if (_isPauseLogged[channel])
                {
                    _nextPauseLog[channel] = e.TimeMilliseconds + PauseLogIntervalMilliseconds;
                }

                return _isPauseLogged[channel];
            }

            // A stop or a fault out of a pause is not the pause's own end: it is always logged.
            var isOfPause = e.Kind == EventKind.PauseStarted || e.Kind == EventKind.PauseEnded
                || (e.Kind == EventKind.StateChanged && e.From == ChannelState.Paused
                    && (e.To == ChannelState.Ready || e.To == ChannelState.Charging || e.To == ChannelState.Resting));
            return !isOfPause || _isPauseLogged[channel];
        }

        private void QueueSessionStart(long now)
        {
            var at = Begin(LogRecordType.SessionStart, now, SessionStartSlotBytes);
            if (at < 0)
            {
                return;
            }

            var slots = _slots;
            slots[at] = (byte)_controller.ChannelCount;
            slots[at + 1] = (byte)_controller.Settings.Get(SettingId.TargetMode);
            slots[at + 2] = (byte)(_controller.HasTarget ? 1 : 0);
            LittleEndian.PutInt32(slots, at + 3, _controller.HasTarget ? _controller.TargetMillivolts : 0);
            LittleEndian.PutInt32(slots, at + 7, _controller.RelaxationScalePermille);
            Commit(SessionStartSlotBytes);
        }

        private void QueueChannelStart(int channel, long now)
        {
            var at = Begin(LogRecordType.ChannelStart, now, 15);
            if (at < 0)
            {
                return;
            }

            var slots = _slots;
            var calibration = _controller.CalibrationOf(channel);
            slots[at] = (byte)channel;
            slots[at + 1] = (byte)_controller.Channel(channel).Mode;
            slots[at + 2] = (byte)(_controller.IsCalibrated(channel) ? 1 : 0);
            LittleEndian.PutInt32(slots, at + 3, calibration.VoltageGainPpm);
            LittleEndian.PutInt32(slots, at + 7, calibration.VoltageOffsetMillivolts);
            LittleEndian.PutInt32(slots, at + 11, calibration.CurrentOffsetMicroamperes);
            Commit(15);
        }

        private void QueueCheckpoint(int channel, long now)
        {
            var at = Begin(LogRecordType.Checkpoint, now, SlotBytes);
            if (at < 0)
            {
                return;
            }

            _slots[at] = (byte)channel;
            _controller.Channel(channel).Account.Write(_slots, at + 1);
            var crc = Crc32.Of(_slots, at + 1, ChannelAccount.RecordLength);
            if (crc == _lastCheckpointCrc[channel])
            {
                return; // nothing changed since the last one: the slot stays free
            }

            _lastCheckpointCrc[channel] = crc;
            Commit(SlotBytes);
        }

        private void QueueAccount(LogRecordType type, int channel, long now)
        {
            var at = Begin(type, now, SlotBytes);
            if (at < 0)
            {
                return;
            }

            _slots[at] = (byte)channel;
            _controller.Channel(channel).Account.Write(_slots, at + 1);
            Commit(SlotBytes);
        }

        /// <summary>
        /// The payload offset of the next free slot, with <paramref name="maximumLength"/> bytes of payload room, or −1
        /// (counted as lost) when the ring or its payload bytes are full.
        /// </summary>
        private int Begin(LogRecordType type, long time, int maximumLength)
        {
            var head = _head;
            var at = (head + 1) % _slotCount == _tail ? -1 : Room(head, maximumLength);
            if (at < 0)
            {
                _lost++;
                return -1;
            }

            _types[head] = (byte)type;
            _times[head] = time;
            _offsets[head] = at;
            return at;
        }

        /// <summary>Where <paramref name="need"/> contiguous payload bytes are free for slot <paramref name="head"/>, or −1.</summary>
        private int Room(int head, int need)
        {
            var tail = _tail;
            return PlacePayload(_payloadHead, _offsets[tail], tail == head, need, _slots.Length);
        }

        /// <summary>
        /// The ring's placement rule: the offset for a payload of <paramref name="need"/> bytes, or −1 when it does not fit.
        /// The payloads waiting run from the oldest one's offset, <paramref name="oldest"/>, to <paramref name="start"/> (the
        /// end of the newest), wrapping at <paramref name="capacity"/>. A payload never wraps; and a new one never ends
        /// exactly at the oldest, because equal offsets mean an empty ring and the next record would be written over it.
        /// </summary>
        public static int PlacePayload(int start, int oldest, bool isEmpty, int need, int capacity)
        {
            if (isEmpty)
            {
                return start + need <= capacity ? start : 0;
            }

            if (start >= oldest)
            {
                if (start + need <= capacity)
                {
                    return start;
                }

                return need < oldest ? 0 : -1;
            }

            return start + need < oldest ? start : -1;
        }

        private void Commit(int length)
        {
            var head = _head;
            _lengths[head] = length;
            _payloadHead = _offsets[head] + length;
            _head = (head + 1) % _slotCount;
        }

        private void WriteSlot(int slot)
        {
            var type = _types[slot];
            var at = _offsets[slot];
            var length = _lengths[slot];
            if (type != (byte)LogRecordType.SessionStart)
            {
                _log.Append(type, _times[slot], _slots, at, length);
                return;
            }

            // A session starts a new file when the current one is past its cap, and carries every setting with it.
            _log.RotateIfFull();
            var record = _record;
            for (var i = 0; i < length; i++)
            {
                record[i] = _slots[at + i];
            }

            var settings = _controller.Settings;
            record[length] = (byte)BalancerSettings.LastId;
            var end = length + 1;
            for (var id = 1; id <= BalancerSettings.LastId; id++, end += 4)
            {
                LittleEndian.PutInt32(record, end, settings.Get((SettingId)id));
            }

            _log.Append(type, _times[slot], record, 0, end);
        }

        private void SaveSettings()
        {
            for (var i = 0; i < _modes.Length; i++)
            {
                _calibrations[i] = _controller.CalibrationOf(i);
                _modes[i] = _controller.Channel(i).Mode;
            }

            _store.Save(_controller.Settings, _calibrations, _modes, _modes.Length);
        }

        private static bool IsPulse(ChannelState state) => state == ChannelState.Charging || state == ChannelState.Resting;
    }
}
