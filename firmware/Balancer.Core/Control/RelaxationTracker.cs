// SPDX-License-Identifier: MIT

namespace Balancer.Core.Control
{
    /// <summary>
    /// What a group's rested voltage still hides: the polarisation its charge built up and has not yet given back. A rest of
    /// seconds cannot see it (real groups relax for an hour and more), so the channel models it from its own current: three
    /// first-order branches, each a resistance that the charge current polarises with a time constant and that relaxes with
    /// the same one once the relay opens. The hidden voltage is Σ Rₖ·xₖ, where xₖ is the charge current low-passed with τₖ.
    /// <para>
    /// The branches are a prior, one NMC 18650 of 2.6 Ah from published equivalent-circuit fits (docs/control-core.md
    /// gives each with its source), scaled to the group by its capacity setting: a group of n cells in parallel has 1/n of a
    /// cell's resistance. How much of the prior a pack really shows is learned while groups watch their relaxation
    /// (<see cref="RelaxationFit"/>); this type only keeps the currents. Preallocated with its channel; integer arithmetic.
    /// </para>
    /// </summary>
    public sealed class RelaxationTracker
    {
        /// <summary>The prior's cell capacity, mAh: the branches are a 2.6 Ah cell's.</summary>
        public const int CellMilliampereHours = 2_600;

        /// <summary>Charge transfer and double layer: one cell's resistance, µΩ.</summary>
        public const int FastCellMicroohms = 10_000;

        /// <summary>Its time constant, s (equivalent-circuit fits of NMC 18650s: 10–60 s).</summary>
        public const int FastSeconds = 20;

        /// <summary>Anode solid diffusion: one cell's resistance, µΩ.</summary>
        public const int MediumCellMicroohms = 15_000;

        /// <summary>Its time constant, s (R²/D of the anode particles, about 1 000 s).</summary>
        public const int MediumSeconds = 600;

        /// <summary>Cathode diffusion and through-electrode gradients: one cell's resistance, µΩ.</summary>
        public const int SlowCellMicroohms = 20_000;

        /// <summary>Its time constant, s (hours of relaxation after a charge; R²/D of the cathode about 6 800 s).</summary>
        public const int SlowSeconds = 3_600;

        /// <summary>Longest step taken at once, ms: a late tick advances in steps no longer than this, so the fast branch stays stable.</summary>
        public const int LongestStepMilliseconds = 1_000;

        private long _fastNanoamperes;
        private long _mediumNanoamperes;
        private long _slowNanoamperes;

        /// <summary>Forgets every polarisation: the group has rested for hours.</summary>
        public void Reset()
        {
            _fastNanoamperes = 0;
            _mediumNanoamperes = 0;
            _slowNanoamperes = 0;
        }

        /// <summary>Advances the branches by <paramref name="elapsedMilliseconds"/> with a charge current (0 with the relay open).</summary>
        public void Advance(long elapsedMilliseconds, int microamperes)
        {
            var current = microamperes * 1_000L;
            while (elapsedMilliseconds > 0)
            {
                var step = elapsedMilliseconds < LongestStepMilliseconds ? elapsedMilliseconds : LongestStepMilliseconds;
                elapsedMilliseconds -= step;

                // x += (I − x)·dt/τ; in nA and ms the rounding leaves x within τ/dt nA of I, far below what matters.
                _fastNanoamperes += (current - _fastNanoamperes) * step / (FastSeconds * 1_000L);
                _mediumNanoamperes += (current - _mediumNanoamperes) * step / (MediumSeconds * 1_000L);
                _slowNanoamperes += (current - _slowNanoamperes) * step / (SlowSeconds * 1_000L);
            }
        }

        /// <summary>
        /// The hidden voltage the prior predicts for a group of <paramref name="groupMilliampereHours"/>, µV: Σ Rₖ·xₖ with
        /// each cell resistance divided by the cells in parallel (µΩ × nA = 10⁻¹⁵ V).
        /// </summary>
        public int HiddenMicrovolts(int groupMilliampereHours) =>
            GroupMicrovolts((FastCellMicroohms * _fastNanoamperes) + (MediumCellMicroohms * _mediumNanoamperes) + (SlowCellMicroohms * _slowNanoamperes), groupMilliampereHours);

        /// <summary>What the medium branch alone hides, µV, for a group of <paramref name="groupMilliampereHours"/>.</summary>
        public int MediumMicrovolts(int groupMilliampereHours) => GroupMicrovolts(MediumCellMicroohms * _mediumNanoamperes, groupMilliampereHours);

        /// <summary>What the slow branch alone hides, µV.</summary>
        public int SlowMicrovolts(int groupMilliampereHours) => GroupMicrovolts(SlowCellMicroohms * _slowNanoamperes, groupMilliampereHours);

        private static int GroupMicrovolts(long cellFemtovolts, int groupMilliampereHours)
        {
            if (groupMilliampereHours <= 0)
            {
                return 0;
            }

            var microvolts = cellFemtovolts / 1_000_000_000L * CellMilliampereHours / groupMilliampereHours;
            return microvolts > int.MaxValue ? int.MaxValue : microvolts < 0 ? 0 : (int)microvolts;
        }
    }
}
