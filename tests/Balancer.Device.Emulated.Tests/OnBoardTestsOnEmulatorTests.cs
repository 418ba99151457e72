// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using nanoFramework.TestFramework;
using Xunit;
using Assert = Xunit.Assert;

namespace Balancer.Device.Emulated.Tests
{
    /// <summary>
    /// The on-board tests (tests/Balancer.Device.Tests), run as nanoFramework's test launcher runs them on a board:
    /// every test class on one device, its [Setup] once, each [TestMethod] called on no instance, then its [Cleanup].
    /// What a maker would otherwise find on the bench (a pin opened twice, a read-back that is always Low) fails here.
    /// </summary>
    public class OnBoardTestsOnEmulatorTests
    {
        public static TheoryData<bool> Orders() => new() { false, true };

        [Fact]
        public void The_On_Board_Tests_Are_Found()
        {
            var names = OnBoardClasses().SelectMany(TestMethods).Select(m => m.Name).ToArray();

            Assert.Contains("Every_Tick_Fits_Its_Period_Toggles_The_Heartbeat_And_Keeps_Every_Relay_Open", names);
            Assert.Contains("Ina219_Of_Every_Channel_Resets_To_Its_Power_On_Configuration", names);
            Assert.Contains("The_Heartbeat_Powers_The_Coils_And_The_Dead_Man_Drops_Them_Within_Its_Window", names);
            Assert.Contains("Relay_0_Closes_Onto_Its_Group_And_Opens_Again_Seen_In_The_Charge_Current", names);
            Assert.Contains("The_Dead_Man_Opens_A_Closed_Relay_When_The_Heartbeat_Stops", names);
            Assert.Contains("The_Adapter_Advertises_Its_Name_And_Service_With_Every_Section_On_Air", names);
            Assert.Contains("The_Boot_Takes_At_Most_Half_Of_The_Managed_Heap", names);
            Assert.True(names.Length >= 10, $"found {names.Length} on-board tests");
        }

        [Theory]
        [MemberData(nameof(Orders))]
        public void Every_On_Board_Test_Passes_When_All_Run_On_One_Emulated_Board(bool reversed)
        {
            using var rig = new EmulatedReferenceBoard();
            var classes = OnBoardClasses().ToList();
            if (reversed)
            {
                classes.Reverse();
            }

            // The free heap before the app's boot and after it, as a board would read them (a boot of 40 %): they exercise
            // the heap test's reading and arithmetic; the figure itself is read on a board.
            QueueHeapReadings(49_152, 29_492);
            var failures = RunAll(classes);

            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.Equal(0, rig.Chip.OpenPinCount);
            Assert.Empty(nanoFramework.Runtime.Native.GC.Readings);
        }

        [Fact]
        public void The_Heap_Test_Fails_A_Boot_That_Takes_Over_Half_And_Says_What_It_Read()
        {
            using var rig = new EmulatedReferenceBoard();
            OutputHelper.Lines.Clear();

            // 24 577 B of 49 152: one byte over half.
            QueueHeapReadings(49_152, 24_575);
            var failures = RunAll(OnBoardClasses().Where(t => t.Name == "BleTests").ToList());

            var failure = Assert.Single(failures);
            Assert.StartsWith("BleTests.The_Boot_Takes_At_Most_Half_Of_The_Managed_Heap: OnBoardAssertionException", failure);
            Assert.Contains("the boot took 24577 B of 49152 B, over half", failure);
            Assert.Contains("Boot heap: 24577 B of the 49152 B free before the boot", OutputHelper.Lines);
            Assert.Equal(0, rig.Chip.OpenPinCount);
        }

        [Fact]
        public void Without_A_Board_The_Heap_Is_Not_Read_As_Any_Figure()
        {
            nanoFramework.Runtime.Native.GC.Readings.Clear();

            var refused = Assert.Throws<NotSupportedException>(() => nanoFramework.Runtime.Native.GC.Run(true));
            Assert.Contains("read on a board", refused.Message);
        }

        private static void QueueHeapReadings(uint beforeBoot, uint afterBoot)
        {
            var readings = nanoFramework.Runtime.Native.GC.Readings;
            readings.Clear();
            readings.Enqueue(beforeBoot);
            readings.Enqueue(afterBoot);
        }

        private static List<string> RunAll(List<Type> classes)
        {
            var failures = new List<string>();
            foreach (var type in classes)
            {
                Invoke(type, typeof(SetupAttribute), failures);
                foreach (var test in TestMethods(type))
                {
                    Run(test, failures);
                }

                Invoke(type, typeof(CleanupAttribute), failures);
            }

            return failures;
        }

        private static IEnumerable<Type> OnBoardClasses() =>
            typeof(OnBoardTestsOnEmulatorTests).Assembly.GetTypes()
                .Where(t => t.GetCustomAttribute<TestClassAttribute>() != null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal);

        private static IEnumerable<MethodInfo> TestMethods(Type type) =>
            type.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => m.GetCustomAttribute<TestMethodAttribute>() != null)
                .OrderBy(m => m.MetadataToken);

        private static void Invoke(Type type, Type attribute, List<string> failures)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.GetCustomAttribute(attribute) != null))
            {
                Run(method, failures);
            }
        }

        private static void Run(MethodInfo method, List<string> failures)
        {
            try
            {
                method.Invoke(null, null);
            }
            catch (TargetInvocationException e)
            {
                failures.Add($"{method.DeclaringType!.Name}.{method.Name}: {e.InnerException!.GetType().Name}: {e.InnerException.Message}");
            }
        }
    }
}
