// SPDX-License-Identifier: MIT

namespace Balancer.Core.Control
{
    /// <summary>What a queued command asks for. Fixed values: they cross the air (BLE) and the log.</summary>
    public enum QueuedCommand
    {
        /// <summary>Nothing.</summary>
        None = 0,

        /// <summary>Start a channel.</summary>
        Start = 1,

        /// <summary>Stop a channel.</summary>
        Stop = 2,

        /// <summary>Start every idle or finished channel.</summary>
        StartAll = 3,

        /// <summary>Stop every channel.</summary>
        StopAll = 4,

        /// <summary>Clear a channel's latched fault.</summary>
        ClearFault = 5,

        /// <summary>Confirm charging a channel's deep-discharged group.</summary>
        ConfirmDeepDischarge = 6,

        /// <summary>Make a channel charge (value 0) or watch (value 1).</summary>
        SetMode = 7,

        /// <summary>Set a setting: value is the <c>SettingId</c>, argument the new value.</summary>
        SetSetting = 8,

        /// <summary>Begin the calibration routine.</summary>
        BeginCalibration = 9,

        /// <summary>Finish it: value is the reference cell's voltage in mV.</summary>
        FinishCalibration = 10,

        /// <summary>
        /// Start a session: value is the <c>TargetMode</c>, argument the typed target in mV (MatchValue) or the reference
        /// channel (MatchReference), ignored otherwise; then every idle or finished channel starts.
        /// </summary>
        StartSession = 11,
    }

    /// <summary>
    /// Commands from other threads (BLE, the button) for the control loop, which drains them between ticks on its own
    /// thread, so no command ever runs inside a tick. Fixed size, preallocated, no allocation per command: each slot is
    /// a row of parallel integer arrays. A full queue refuses with <see cref="CommandResult.QueueFull"/>. Each accepted
    /// command gets a ticket; its result can be read back by ticket while it is among the last
    /// <see cref="Capacity"/> results. The emergency stop does not come through here: it acts at once, from any thread.
    /// </summary>
    public sealed class CommandQueue
    {
        /// <summary>Commands waiting at most; also how many results are kept.</summary>
        public const int Capacity = 16;

        private readonly object _sync = new object();
        private readonly int[] _commands = new int[Capacity];
        private readonly int[] _channels = new int[Capacity];
        private readonly int[] _values = new int[Capacity];
        private readonly int[] _arguments = new int[Capacity];
        private readonly int[] _tickets = new int[Capacity];
        private readonly int[] _resultTickets = new int[Capacity];
        private readonly int[] _results = new int[Capacity];
        private int _head;
        private int _count;
        private int _lastTicket;
        private int _nextResult;

        /// <summary>Commands waiting.</summary>
        public int Count
        {
            get
            {
                lock (_sync)
                {
                    return _count;
                }
            }
        }

        /// <summary>Commands executed so far.</summary>
        public int ExecutedCount { get; private set; }

        /// <summary>
        /// Queues a command from any thread. <paramref name="ticket"/> (never 0) names it for <see cref="TryGetResult"/>.
        /// </summary>
        /// <returns>Ok, or QueueFull (nothing queued), or InvalidValue for an unknown command.</returns>
        public CommandResult TryEnqueue(QueuedCommand command, int channel, int value, int argument, out int ticket)
        {
            ticket = 0;
            if (command <= QueuedCommand.None || command > QueuedCommand.StartSession)
            {
                return CommandResult.InvalidValue;
            }

            lock (_sync)
            {
                if (_count == Capacity)
                {
                    return CommandResult.QueueFull;
                }

                var slot = (_head + _count) % Capacity;
                _lastTicket = _lastTicket == int.MaxValue ? 1 : _lastTicket + 1;
                ticket = _lastTicket;
                _commands[slot] = (int)command;
                _channels[slot] = channel;
                _values[slot] = value;
                _arguments[slot] = argument;
                _tickets[slot] = ticket;
                _count++;
                return CommandResult.Ok;
            }
        }

        /// <summary>
        /// The result of a command by its ticket: a <see cref="CommandResult"/>, a <c>SettingResult</c> for SetSetting,
        /// or a count for StartAll and FinishCalibration. False while it waits or once its result has been overwritten.
        /// </summary>
        public bool TryGetResult(int ticket, out int result)
        {
            lock (_sync)
            {
                for (var i = 0; i < Capacity; i++)
                {
                    if (_resultTickets[i] == ticket && ticket != 0)
                    {
                        result = _results[i];
                        return true;
                    }
                }
            }

            result = 0;
            return false;
        }

        /// <summary>The newest waiting command, left in the queue: what a write just asked for. False when none waits.</summary>
        public bool TryPeekNewest(out QueuedCommand command, out int channel, out int value, out int argument)
        {
            lock (_sync)
            {
                if (_count == 0)
                {
                    command = QueuedCommand.None;
                    channel = 0;
                    value = 0;
                    argument = 0;
                    return false;
                }

                var slot = (_head + _count - 1) % Capacity;
                command = (QueuedCommand)_commands[slot];
                channel = _channels[slot];
                value = _values[slot];
                argument = _arguments[slot];
                return true;
            }
        }

        /// <summary>Takes the oldest command, on the loop's thread.</summary>
        internal bool TryDequeue(out QueuedCommand command, out int channel, out int value, out int argument, out int ticket)
        {
            lock (_sync)
            {
                if (_count == 0)
                {
                    command = QueuedCommand.None;
                    channel = 0;
                    value = 0;
                    argument = 0;
                    ticket = 0;
                    return false;
                }

                command = (QueuedCommand)_commands[_head];
                channel = _channels[_head];
                value = _values[_head];
                argument = _arguments[_head];
                ticket = _tickets[_head];
                _head = (_head + 1) % Capacity;
                _count--;
                return true;
            }
        }

        /// <summary>Records a command's result under its ticket.</summary>
        internal void Complete(int ticket, int result)
        {
            lock (_sync)
            {
                _resultTickets[_nextResult] = ticket;
                _results[_nextResult] = result;
                _nextResult = (_nextResult + 1) % Capacity;
                ExecutedCount++;
            }
        }

        /// <summary>Drops every waiting command, each answered with <paramref name="result"/>: an emergency stop cancels what was asked before it.</summary>
        internal void CancelAll(CommandResult result)
        {
            lock (_sync)
            {
                while (_count > 0)
                {
                    _resultTickets[_nextResult] = _tickets[_head];
                    _results[_nextResult] = (int)result;
                    _nextResult = (_nextResult + 1) % Capacity;
                    _head = (_head + 1) % Capacity;
                    _count--;
                }
            }
        }
    }
}
