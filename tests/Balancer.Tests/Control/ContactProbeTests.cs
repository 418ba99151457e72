// SPDX-License-Identifier: MIT

using Balancer.Core.Control;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>The contact probe's arithmetic on its own: ΔV over the rested voltage ÷ I.</summary>
    public class ContactProbeTests
    {
        [Fact]
        public void Sixty_mV_Of_Rise_At_One_Ampere_Is_Sixty_Milliohms()
        {
            var probe = new ContactProbe();
            probe.Begin();
            probe.Add(3_759, 1_000_000);
            probe.Add(3_760, 1_000_000);
            Assert.False(probe.IsComplete);
            probe.Add(3_761, 1_000_000);

            Assert.True(probe.IsComplete);
            Assert.True(probe.TryResistance(3_700, out var microohms));
            Assert.Equal(60_000, microohms);
        }

        [Fact]
        public void A_Probe_Current_Below_50_mA_Says_Nothing()
        {
            var probe = new ContactProbe();
            probe.Begin();
            for (var i = 0; i < ContactProbe.Samples; i++)
            {
                probe.Add(3_900, 49_000);
            }

            Assert.False(probe.TryResistance(3_700, out _));
        }

        [Fact]
        public void A_Voltage_Below_The_Rested_One_Counts_As_No_Resistance_And_A_New_Probe_Forgets_The_Last()
        {
            var probe = new ContactProbe();
            probe.Begin();
            probe.Add(3_690, 500_000);
            Assert.True(probe.TryResistance(3_700, out var microohms));
            Assert.Equal(0, microohms);

            probe.Begin();
            Assert.False(probe.IsComplete);
            Assert.False(probe.TryResistance(3_700, out _));
        }
    }
}
