// SPDX-License-Identifier: MIT

using Balancer.Core.Settings;
using Balancer.Device.Board;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;
using nanoFramework.TestFramework;

namespace Balancer.Device.Tests
{
    /// <summary>
    /// The BLE service on the real radio: the stack takes the service with its five characteristics and advertises the
    /// name and the service UUID whole (the name in the advertising packet, the UUID in the scan response). Needs the
    /// ESP32_BLE_REV0 image. Whether a phone finds it is checked by hand: a BLE scanner app lists "Balancer 000" with
    /// the service b4a10001-… while this test's board stays up.
    /// </summary>
    [TestClass]
    public class BleTests
    {
        [TestMethod]
        public static void The_Adapter_Advertises_Its_Name_And_Service_With_Every_Section_On_Air()
        {
            var board = new AdapterBoard(new BalancerSettings());
            try
            {
                var ble = new BleAdapter(board.Controller, board.Clock, 123_456, null);

                Assert.IsTrue(ble.Start("000"), "the stack refused the service or did not start advertising");
                Assert.AreEqual((int)GattServiceProviderAdvertisementStatus.Started, (int)ble.AdvertisementStatus, "advertising status " + (int)ble.AdvertisementStatus + ": a section was left off");
            }
            finally
            {
                board.Dispose();
            }
        }
    }
}
