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

            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.Equal(0, rig.Chip.OpenPinCount);
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
