// SPDX-License-Identifier: MIT

using System.Device.Gpio;
using Balancer.Core.Control;
using Balancer.Device.Board;
using Balancer.Drivers.Ina219;
using Balancer.Drivers.Relays;
using nanoFramework.TestFramework;

namespace Balancer.Device.Tests
{
    /// <summary>
    /// The relays and the dead-man on the real board: that the heartbeat powers the coils and their supply drops without
    /// it, read back on COIL_SENSE; that relay 0 closes onto its group and opens again, read back in the charge current
    /// its INA219 measures; and that the dead-man opens a closed relay once the heartbeat stops. Needs the 12 V input and
    /// channel 0 clipped onto one healthy group (3.0–4.1 V at rest) of a pack or a single cell; two tests charge that
    /// group for under a second each. Every relay and supply is opened and every pin released at the end of each test.
    /// </summary>
    [TestClass]
    public class RelayTests
    {
        private const int Channel = 0;
        private const int ChargingMilliamperes = 100;
        private const int IdleMilliamperes = 20;

        [TestMethod]
        public static void The_Heartbeat_Powers_The_Coils_And_The_Dead_Man_Drops_Them_Within_Its_Window()
        {
            var gpio = new GpioController();
            var clock = new NanoClock();
            var relays = AdapterBoard.OpenRelays(gpio, clock);
            try
            {
                var sense = new NanoDigitalInput(gpio, BoardPins.CoilSense, pullUp: false);

                var finding = SelfTest.CheckDeadMan(relays, sense, clock, out var release);

                Assert.AreEqual((int)SelfTestFinding.Ok, (int)finding, "dead-man check: finding " + (int)finding + ", drop-out " + release + " ms");
                Assert.IsTrue(release >= SelfTest.ShortestReleaseMilliseconds && release <= SelfTest.LongestReleaseMilliseconds, "drop-out " + release + " ms");
            }
            finally
            {
                // Every relay open and every charger supply off before the pins are let go.
                relays.EmergencyOpen();
                gpio.Dispose();
            }
        }

        [TestMethod]
        public static void Relay_0_Closes_Onto_Its_Group_And_Opens_Again_Seen_In_The_Charge_Current()
        {
            var gpio = new GpioController();
            var clock = new NanoClock();
            var relays = AdapterBoard.OpenRelays(gpio, clock);
            try
            {
                var sensor = Sensor();
                Assert.IsTrue(Read(sensor, clock, out var restMillivolts, out var restMilliamperes), "INA219 of channel 0 does not read");
                Assert.IsTrue(restMillivolts > 3_000 && restMillivolts < 4_100, "channel 0 is not on a healthy group: " + restMillivolts + " mV");
                Assert.IsTrue(Abs(restMilliamperes) < IdleMilliamperes, "current with the relay open: " + restMilliamperes + " mA");

                Close(relays, clock);
                Assert.IsTrue(Read(sensor, clock, out var closedMillivolts, out var closedMilliamperes));
                Assert.IsTrue(closedMilliamperes > ChargingMilliamperes, "relay 0 closed, but " + closedMilliamperes + " mA flow: the contact did not close, or the charger is off");
                Assert.IsTrue(closedMillivolts > restMillivolts, "charging did not lift the group's voltage: " + restMillivolts + " → " + closedMillivolts + " mV");

                relays.Open(Channel);
                Beat(relays, clock, 100);
                Assert.IsTrue(Read(sensor, clock, out _, out var openedMilliamperes));
                Assert.IsTrue(Abs(openedMilliamperes) < IdleMilliamperes, "relay 0 opened, but " + openedMilliamperes + " mA still flow: a welded contact");
            }
            finally
            {
                // Every relay open and every charger supply off before the pins are let go.
                relays.EmergencyOpen();
                gpio.Dispose();
            }
        }

        [TestMethod]
        public static void The_Dead_Man_Opens_A_Closed_Relay_When_The_Heartbeat_Stops()
        {
            var gpio = new GpioController();
            var clock = new NanoClock();
            var relays = AdapterBoard.OpenRelays(gpio, clock);
            try
            {
                var sensor = Sensor();
                Close(relays, clock);
                Assert.IsTrue(Read(sensor, clock, out _, out var charging));
                Assert.IsTrue(charging > ChargingMilliamperes, "relay 0 closed, but " + charging + " mA flow");

                // The relay GPIO stays High; only the dead-man can open the contact now.
                relays.ToggleHeartbeat();
                var lastBeat = clock.NowMilliseconds;
                var elapsed = 0L;
                var milliamperes = charging;
                while (Abs(milliamperes) >= IdleMilliamperes && elapsed <= 1_000)
                {
                    Assert.IsTrue(Read(sensor, clock, out _, out milliamperes));
                    elapsed = clock.NowMilliseconds - lastBeat;
                }

                Assert.IsTrue(relays.IsClosed(Channel), "the bank opened the relay itself");
                Assert.IsTrue(elapsed >= SelfTest.ShortestReleaseMilliseconds && elapsed <= SelfTest.LongestReleaseMilliseconds, "the current stopped " + elapsed + " ms after the last heartbeat");
            }
            finally
            {
                // Every relay open and every charger supply off before the pins are let go.
                relays.EmergencyOpen();
                gpio.Dispose();
            }
        }

        private static Ina219Sensor Sensor()
        {
            AdapterBoard.RouteI2c();
            var sensor = new Ina219Sensor(
                new NanoI2cDevice(BoardPins.I2cBusId, BoardPins.FirstIna219Address + Channel),
                ReferenceBoard.ShuntMicroohms,
                ReferenceBoard.MaxCurrentMilliamperes);
            Assert.IsTrue(sensor.TryConfigure(Ina219Configuration.Channel), "INA219 of channel 0 did not take its configuration");
            return sensor;
        }

        /// <summary>One triggered conversion: the group's voltage and the current into it.</summary>
        private static bool Read(Ina219Sensor sensor, NanoClock clock, out int millivolts, out int milliamperes)
        {
            millivolts = 0;
            milliamperes = 0;
            if (!sensor.TryTrigger())
            {
                return false;
            }

            clock.SleepUntil(clock.NowMilliseconds + 20);
            if (!sensor.TryReadBus(out var bus) || !bus.IsConversionReady || !sensor.TryReadCurrentMicroamperes(out var microamperes))
            {
                return false;
            }

            millivolts = bus.Millivolts;
            milliamperes = microamperes / 1000;
            return true;
        }

        /// <summary>Channel 0's charger on and its relay closed, then 300 ms of heartbeat for the contact to settle.</summary>
        private static void Close(RelayBank relays, NanoClock clock)
        {
            relays.SetChargerSupply(Channel, true);
            relays.Arm(Channel);
            Assert.IsTrue(relays.TryClose(Channel), "the armed relay refused to close");
            Beat(relays, clock, 300);
        }

        /// <summary>Keeps the coils powered for a while: a heartbeat edge every 100 ms, as the loop gives it.</summary>
        private static void Beat(RelayBank relays, NanoClock clock, int milliseconds)
        {
            for (var waited = 0; waited < milliseconds; waited += 100)
            {
                relays.ToggleHeartbeat();
                clock.SleepUntil(clock.NowMilliseconds + 100);
            }

            relays.ToggleHeartbeat();
        }

        private static int Abs(int value) => value < 0 ? -value : value;
    }
}
