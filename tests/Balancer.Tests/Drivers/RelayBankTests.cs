// SPDX-License-Identifier: MIT

using Balancer.Drivers;
using Balancer.Drivers.Relays;
using Balancer.Drivers.Simulation;
using Xunit;

namespace Balancer.Tests.Drivers
{
    /// <summary>The relay owner against relay emulators with coil timing and the dead-man monostable.</summary>
    public class RelayBankTests
    {
        private const int Channels = 4;

        private readonly SimulatedClock _clock = new();
        private readonly SimulatedPin[] _coils = new SimulatedPin[Channels];
        private readonly SimulatedPin[] _supplies = new SimulatedPin[Channels];
        private readonly RelayEmulator[] _contacts = new RelayEmulator[Channels];
        private readonly SimulatedPin _heartbeat;
        private readonly RelayBank _bank;

        public RelayBankTests()
        {
            _heartbeat = new SimulatedPin(_clock);
            var deadMan = new DeadManMonostable(_heartbeat, _clock);
            for (var i = 0; i < Channels; i++)
            {
                _coils[i] = new SimulatedPin(_clock);
                _supplies[i] = new SimulatedPin(_clock);
                _contacts[i] = new RelayEmulator(_coils[i], deadMan, _clock);
            }

            _clock.Advance(1_000_000);
            _bank = new RelayBank(_coils, _supplies, _heartbeat, _clock);
        }

        [Fact]
        public void Every_Relay_And_Supply_Is_Open_After_Construction()
        {
            _coils[2].Write(true); // a pin left high by whatever ran before
            var bank = new RelayBank(_coils, _supplies, _heartbeat, _clock);

            for (var i = 0; i < Channels; i++)
            {
                Assert.False(bank.IsClosed(i));
                Assert.False(bank.IsArmed(i));
                Assert.False(_supplies[i].IsHigh);
            }
        }

        [Fact]
        public void An_Unarmed_Channel_Refuses_To_Close()
        {
            Assert.False(_bank.TryClose(1));

            Assert.False(_coils[1].IsHigh);
        }

        [Fact]
        public void An_Armed_Channel_Closes_After_The_Operate_Time_While_The_Heartbeat_Runs()
        {
            _bank.Arm(0);
            Assert.True(_bank.TryClose(0));
            _bank.ToggleHeartbeat();

            _clock.Advance(RelayEmulator.OperateMicroseconds - 1);
            Assert.False(_contacts[0].IsContactClosed);
            _clock.Advance(1);

            Assert.True(_contacts[0].IsContactClosed);
            Assert.True(_bank.IsClosed(0));
        }

        [Fact]
        public void Without_A_Heartbeat_No_Relay_Closes_Whatever_The_Pins_Say()
        {
            _bank.Arm(0);
            Assert.True(_bank.TryClose(0));

            _clock.Advance(100_000);

            Assert.True(_coils[0].IsHigh);
            Assert.False(_contacts[0].IsContactClosed);
        }

        [Fact]
        public void A_Stopped_Heartbeat_Drops_Every_Relay_Within_Half_A_Second()
        {
            for (var i = 0; i < Channels; i++)
            {
                _bank.Arm(i);
                _bank.TryClose(i);
            }

            for (var tick = 0; tick < 10; tick++)
            {
                _bank.ToggleHeartbeat();
                _clock.Advance(100_000);
            }

            Assert.True(_contacts[3].IsContactClosed);
            _clock.Advance(DeadManMonostable.PeriodMicroseconds - 100_000 + RelayEmulator.ReleaseMicroseconds);

            for (var i = 0; i < Channels; i++)
            {
                Assert.False(_contacts[i].IsContactClosed, $"relay {i} still closed with the firmware hung");
            }
        }

        [Fact]
        public void Open_All_Opens_And_Disarms_Every_Channel()
        {
            for (var i = 0; i < Channels; i++)
            {
                _bank.Arm(i);
                _bank.TryClose(i);
            }

            _bank.OpenAll();

            for (var i = 0; i < Channels; i++)
            {
                Assert.False(_bank.IsClosed(i));
                Assert.False(_bank.TryClose(i));
            }
        }

        [Fact]
        public void A_Measurement_Counts_Only_After_The_Settle_Time()
        {
            _bank.Arm(2);
            _bank.TryClose(2);

            _clock.Advance((RelayBank.SettleTimeMilliseconds - 1) * 1000L);
            Assert.False(_bank.IsSettled(2));
            _clock.Advance(1000);

            Assert.True(_bank.IsSettled(2));
            Assert.Equal(50, RelayBank.SettleTimeMilliseconds);
        }

        [Fact]
        public void A_Welded_Contact_Stays_Closed_After_The_Relay_Is_Opened_So_Only_The_Supply_Switch_Can_Stop_It()
        {
            _bank.Arm(1);
            _bank.TryClose(1);
            _bank.ToggleHeartbeat();
            _bank.SetChargerSupply(1, true);
            _clock.Advance(10_000);
            _contacts[1].IsWelded = true;

            _bank.Open(1);
            _clock.Advance(10_000);

            Assert.False(_bank.IsClosed(1));
            Assert.True(_contacts[1].IsContactClosed);
            _bank.SetChargerSupply(1, false);
            Assert.False(_bank.IsChargerSupplyOn(1));
        }

        [Fact]
        public void The_Heartbeat_Toggles_Once_Per_Call()
        {
            var before = _heartbeat.TransitionCount;

            _bank.ToggleHeartbeat();
            _bank.ToggleHeartbeat();
            _bank.ToggleHeartbeat();

            Assert.Equal(before + 3, _heartbeat.TransitionCount);
        }

        [Fact]
        public void Mismatched_Pin_Arrays_Are_Refused()
        {
            Assert.Throws<System.ArgumentException>(() =>
                new RelayBank(_coils, new IDigitalOutput[] { _supplies[0] }, _heartbeat, _clock));
        }
    }
}
