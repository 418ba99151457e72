// SPDX-License-Identifier: MIT

using Balancer.Core.Settings;
using Xunit.Sdk;

namespace Balancer.Tests.Settings
{
    /// <summary>Setting a value a test's setup depends on: a refusal fails the test instead of leaving the default in place.</summary>
    internal static class SettingsSetup
    {
        public static void Accept(this BalancerSettings settings, SettingId id, int value)
        {
            var result = settings.TrySet(id, value, out var conflict);
            if (result != SettingResult.Ok)
            {
                throw new XunitException($"setup: {id} = {value} was refused: {result}{(conflict != SettingId.None ? " with " + conflict : string.Empty)}");
            }
        }
    }
}
