// SPDX-License-Identifier: MIT

namespace Balancer.Drivers.Simulation
{
    /// <summary>
    /// The wire at a pin: the level whoever drives it sets, as the board's parts see it. The firmware only writes an
    /// output (an ESP32 reads an output pad back as Low); the simulation drives an input.
    /// </summary>
    public sealed class SimulatedPin : IDigitalOutput, IDigitalInput
    {
        private readonly SimulatedClock _clock;
        private bool _level;

        /// <summary>Creates a pin, low.</summary>
        public SimulatedPin(SimulatedClock clock)
        {
            _clock = clock;
        }

        /// <summary>The level on the wire.</summary>
        public bool IsHigh => _level;

        /// <summary>When the level last changed, in simulated µs.</summary>
        public long LastChangeMicroseconds { get; private set; }

        /// <summary>Level changes so far.</summary>
        public long TransitionCount { get; private set; }

        /// <summary>Raised just before the level changes, so models can settle their state up to this instant.</summary>
        public event System.Action BeforeChange;

        /// <inheritdoc />
        public void Write(bool high)
        {
            if (high != _level)
            {
                BeforeChange?.Invoke();
                _level = high;
                LastChangeMicroseconds = _clock.NowMicroseconds;
                TransitionCount++;
            }
        }
    }
}
