// SPDX-License-Identifier: MIT

using Balancer.Core.Control;
using Balancer.Core.Guardrails;
using Balancer.Core.Settings;
using Xunit;

namespace Balancer.Tests.Control
{
    /// <summary>The clip check's two decisions on their own: the rested voltage against the table, then the probe.</summary>
    public class ClipCheckTests
    {
        private static readonly GuardrailTable Table = new GuardrailTable(new BalancerSettings());

        [Theory]
        [InlineData(0, GuardrailId.ClipNoCell)]
        [InlineData(-3_700, GuardrailId.ClipNoCell)]
        [InlineData(499, GuardrailId.ClipNoCell)]
        [InlineData(8_100, GuardrailId.ClipSpansGroups)]
        [InlineData(4_300, GuardrailId.ClipOverVoltage)]
        [InlineData(1_499, GuardrailId.ClipQuarantine)]
        [InlineData(500, GuardrailId.ClipQuarantine)]
        public void A_Rested_Voltage_Beyond_A_Clip_Row_Is_Refused_By_That_Row(int millivolts, GuardrailId expected)
        {
            var verdict = ClipCheck.Classify(Table, millivolts, ChannelMode.Charge, isDeepDischargeConfirmed: true, out var row);

            Assert.Equal(ClipVerdict.Refused, verdict);
            Assert.Equal(expected, Table[row].Id);
        }

        [Theory]
        [InlineData(1_500, false, ClipVerdict.NeedsConfirmation)]
        [InlineData(2_499, false, ClipVerdict.NeedsConfirmation)]
        [InlineData(2_499, true, ClipVerdict.ProbeContact)]
        [InlineData(2_500, false, ClipVerdict.ProbeContact)]
        [InlineData(4_250, false, ClipVerdict.ProbeContact)]
        public void One_Group_Is_Probed_Once_A_Deep_Discharge_Is_Confirmed(int millivolts, bool confirmed, ClipVerdict expected)
        {
            Assert.Equal(expected, ClipCheck.Classify(Table, millivolts, ChannelMode.Charge, confirmed, out var row));
            Assert.Equal(-1, row);
        }

        [Fact]
        public void A_Monitor_Only_Channel_Is_Ready_Without_A_Probe_But_Still_Refuses_A_Mis_Clip()
        {
            Assert.Equal(ClipVerdict.MonitorOnly, ClipCheck.Classify(Table, 1_600, ChannelMode.MonitorOnly, false, out _));
            Assert.Equal(ClipVerdict.Refused, ClipCheck.Classify(Table, 7_400, ChannelMode.MonitorOnly, false, out var row));
            Assert.Equal(GuardrailId.ClipSpansGroups, Table[row].Id);
        }

        [Theory]
        [InlineData(3_760, 1_000_000, ClipVerdict.Accepted, 60_000)]
        [InlineData(4_000, 1_000_000, ClipVerdict.Accepted, 300_000)]
        [InlineData(4_001, 1_000_000, ClipVerdict.Refused, 301_000)]
        public void The_Probe_Refuses_A_Contact_Above_The_300_Milliohm_Limit_Not_At_It(int closedMillivolts, int microamperes, ClipVerdict expected, int expectedMicroohms)
        {
            var check = new ClipCheck();
            Assert.True(check.Enter(CheckStep.ProbingContact));
            Assert.True(check.ClosesRelay);
            for (var i = 0; i < ContactProbe.Samples; i++)
            {
                check.Probe.Add(closedMillivolts, microamperes);
            }

            var verdict = check.JudgeProbe(Table, 3_700, out var microohms, out var hasResistance, out var row);

            Assert.True(hasResistance);
            Assert.Equal(expectedMicroohms, microohms);
            Assert.Equal(expected, verdict);
            Assert.Equal(expected == ClipVerdict.Refused ? GuardrailId.ClipContact : GuardrailId.None, row >= 0 ? Table[row].Id : GuardrailId.None);
        }

        [Fact]
        public void A_Probe_Too_Weak_To_Measure_Accepts_Without_A_Resistance()
        {
            var check = new ClipCheck();
            check.Enter(CheckStep.ProbingContact);
            for (var i = 0; i < ContactProbe.Samples; i++)
            {
                check.Probe.Add(4_100, 20_000);
            }

            Assert.Equal(ClipVerdict.Accepted, check.JudgeProbe(Table, 3_700, out _, out var hasResistance, out var row));
            Assert.False(hasResistance);
            Assert.Equal(-1, row);
        }

        [Fact]
        public void Entering_The_Probe_Again_Forgets_The_Last_One_And_Other_Steps_Open_The_Relay()
        {
            var check = new ClipCheck();
            check.Enter(CheckStep.ProbingContact);
            check.Probe.Add(3_760, 1_000_000);
            Assert.False(check.Enter(CheckStep.ProbingContact));
            Assert.False(check.Probe.IsComplete);
            Assert.Equal(ClipVerdict.Accepted, check.JudgeProbe(Table, 3_700, out _, out var hasResistance, out _));
            Assert.False(hasResistance);

            Assert.True(check.Enter(CheckStep.HeldByPause));
            Assert.False(check.ClosesRelay);
            Assert.Equal(CheckStep.HeldByPause, check.Step);
        }
    }
}
