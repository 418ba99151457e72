// SPDX-License-Identifier: MIT

namespace Balancer.Core.Control
{
    /// <summary>What a button gesture asks for.</summary>
    public enum ButtonAction
    {
        /// <summary>Nothing this time.</summary>
        None = 0,

        /// <summary>A press while something may be charging: stop everything, at the press, not at the release.</summary>
        EmergencyStop = 1,

        /// <summary>A short press (under a second) while nothing charges: clear the faults whose cause is gone.</summary>
        ClearFaults = 2,

        /// <summary>Held 3 s: open the pairing window.</summary>
        OpenPairing = 3,

        /// <summary>Held 10 s: forget every bonded phone.</summary>
        ClearBonds = 4,

        /// <summary>Held 30 s: the button is taken as stuck; nothing more until it is released.</summary>
        Stuck = 5,
    }

    /// <summary>
    /// The adapter's one button, read by polling (no interrupt, so a stuck or chattering button can never hold the loop):
    /// <list type="bullet">
    /// <item>a press while a session is working is an emergency stop, at the first sample that reads it pressed, without
    /// waiting for the debounce: a stop is never more than one press away, and a false stop is safe;</item>
    /// <item>a short press (released within 1 s) while nothing works clears the faults whose cause is gone;</item>
    /// <item>held 3 s it opens the pairing window, held 10 s it clears every bond (after a stop, too);</item>
    /// <item>held 30 s it is taken as stuck and does nothing more until it is released.</item>
    /// </list>
    /// Everything but the stop needs the level to hold for <see cref="DebounceMilliseconds"/>, and nothing is armed until
    /// the button has been seen released once: a button held through the boot (or stuck) neither clears bonds nor faults.
    /// </summary>
    public sealed class ButtonGestures
    {
        /// <summary>How long a level must hold before it counts, ms.</summary>
        public const long DebounceMilliseconds = 40;

        /// <summary>The longest press that clears faults, ms.</summary>
        public const long ShortPressMilliseconds = 1_000;

        /// <summary>Held this long, the pairing window opens, ms.</summary>
        public const long PairingHoldMilliseconds = 3_000;

        /// <summary>Held this long, every bond is cleared, ms.</summary>
        public const long ClearBondsHoldMilliseconds = 10_000;

        /// <summary>Held this long, the button is taken as stuck, ms.</summary>
        public const long StuckMilliseconds = 30_000;

        private bool _raw;
        private long _rawSince;
        private bool _isPressed;
        private long _pressedAt;
        private bool _isArmed;
        private bool _hasStopped;
        private int _holdStage;

        /// <summary>Whether the debounced level is pressed.</summary>
        public bool IsPressed => _isPressed;

        /// <summary>Whether the button has been taken as stuck and not released since.</summary>
        public bool IsStuck => _holdStage == 3;

        /// <summary>
        /// One sample of the pin (<paramref name="isPressed"/> true when pulled low) at <paramref name="now"/> ms; whether
        /// something may be charging decides what a press means. Returns at most one action per sample.
        /// </summary>
        public ButtonAction Update(bool isPressed, long now, bool isSessionWorking)
        {
            if (isPressed != _raw)
            {
                _raw = isPressed;
                _rawSince = now;
            }

            // The stop does not wait for the debounce: the first sample that reads the button pressed.
            if (isPressed && _isArmed && isSessionWorking && !_hasStopped)
            {
                _hasStopped = true;
                return ButtonAction.EmergencyStop;
            }

            if (_raw != _isPressed && now - _rawSince >= DebounceMilliseconds)
            {
                _isPressed = _raw;
                if (_isPressed)
                {
                    _pressedAt = _rawSince;
                    _holdStage = 0;
                }
                else
                {
                    var wasArmed = _isArmed;
                    var held = _rawSince - _pressedAt;
                    var stopped = _hasStopped;
                    var stage = _holdStage;
                    _isArmed = true;
                    _hasStopped = false;
                    _holdStage = 0;
                    if (wasArmed && !stopped && stage == 0 && held < ShortPressMilliseconds)
                    {
                        return ButtonAction.ClearFaults;
                    }
                }

                return ButtonAction.None;
            }

            if (!_isPressed || !_isArmed)
            {
                if (!_isPressed && !_raw)
                {
                    _isArmed = true; // released at boot: from now on a press means something
                    _hasStopped = false;
                }

                return ButtonAction.None;
            }

            var holding = now - _pressedAt;
            if (_holdStage == 0 && holding >= PairingHoldMilliseconds)
            {
                _holdStage = 1;
                return ButtonAction.OpenPairing;
            }

            if (_holdStage == 1 && holding >= ClearBondsHoldMilliseconds)
            {
                _holdStage = 2;
                return ButtonAction.ClearBonds;
            }

            if (_holdStage == 2 && holding >= StuckMilliseconds)
            {
                _holdStage = 3;
                return ButtonAction.Stuck;
            }

            return ButtonAction.None;
        }
    }
}
