// SPDX-License-Identifier: MIT

using System.IO;
using Balancer.Core.Settings;
using Balancer.Device.Board;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;
using nanoFramework.TestFramework;

namespace Balancer.Device.Tests
{
    /// <summary>
    /// The app's boot as <c>Program.Main</c> makes it (the recovery journal on flash, the board, the BLE service), once,
    /// because the radio's service is made once a boot: then the stack's advertisement, and what the boot took of the
    /// managed heap. Needs the ESP32_BLE_REV0 image. Whether a phone finds it is checked by hand: a BLE scanner app lists
    /// "Balancer 000" with the service b4a10001-… while this test's board stays up. The journal uses files of its own,
    /// removed afterwards.
    /// </summary>
    [TestClass]
    public class BleTests
    {
        private const string FilePrefix = "ble-test-";

        private static uint _freeBeforeBoot;
        private static AdapterBoard _board;
        private static BleAdapter _ble;
        private static bool _started;

        [Setup]
        public static void BootLikeTheApp()
        {
            RemoveFiles();
            _freeBeforeBoot = FreeHeap();
            var journal = AdapterBoard.OpenJournal(FilePrefix);
            _board = new AdapterBoard(new BalancerSettings(), journal);
            journal.Attach(_board.Controller);
            journal.ReleaseLastSession();
            _ble = new BleAdapter(_board.Controller, _board.Clock, 123_456, journal.Pager);
            _started = _ble.Start("000");
        }

        [TestMethod]
        public static void The_Adapter_Advertises_Its_Name_And_Service_With_Every_Section_On_Air()
        {
            Assert.IsTrue(_started, "the stack refused the service or did not start advertising");
            Assert.AreEqual((int)GattServiceProviderAdvertisementStatus.Started, (int)_ble.AdvertisementStatus, "advertising status " + (int)_ble.AdvertisementStatus + ": a section was left off");
        }

        /// <summary>
        /// The budget of docs/device-cost.md, "The budget", read on the chip: what the app's boot holds (journal, board,
        /// BLE service and the library's objects behind them) within half of what the managed heap had free before it. The
        /// test framework's own objects were already made, so the figure before the boot is a little under the app's.
        /// </summary>
        [TestMethod]
        public static void The_Boot_Takes_At_Most_Half_Of_The_Managed_Heap()
        {
            var freeAfterBoot = FreeHeap();
            var taken = (long)_freeBeforeBoot - freeAfterBoot;
            OutputHelper.WriteLine("Boot heap: " + taken + " B of the " + _freeBeforeBoot + " B free before the boot");

            Assert.IsTrue(taken <= _freeBeforeBoot / 2, "the boot took " + taken + " B of " + _freeBeforeBoot + " B, over half");
        }

        [Cleanup]
        public static void ReleaseTheBoard()
        {
            if (_board != null)
            {
                _board.Dispose();
                _board = null;
            }

            RemoveFiles();
        }

        /// <summary>The managed heap's free bytes after a full, compacting collection.</summary>
        private static uint FreeHeap() => nanoFramework.Runtime.Native.GC.Run(true);

        private static void RemoveFiles()
        {
            foreach (var file in AdapterBoard.JournalPaths(FilePrefix))
            {
                if (File.Exists(file))
                {
                    File.Delete(file);
                }
            }
        }
    }
}
