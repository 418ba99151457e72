// SPDX-License-Identifier: MIT

using System;
using System.IO;

namespace Balancer.Surface.Tests
{
    /// <summary>Finds the repository's folders from wherever the tests run.</summary>
    internal static class RepositoryLayout
    {
        private const string SolutionFileName = "BalancerFirmware.sln";

        public static string Root { get; } = FindRoot();

        public static string SurfaceDirectory => Path.Combine(Root, "firmware", "Surface");

        private static string FindRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                directory = directory.Parent;
            }

            return directory?.FullName
                ?? throw new InvalidOperationException($"{SolutionFileName} not found above {AppContext.BaseDirectory}.");
        }
    }
}
