// SPDX-License-Identifier: MIT

using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Balancer.Surface.Tests
{
    /// <summary>Every .nfproj compiles against the nanoFramework surface and agrees with its packages and its folder.</summary>
    public class DeviceProjectTests
    {
        public static TheoryData<string> DeviceProjects()
        {
            var data = new TheoryData<string>();
            foreach (var path in NanoProject.FindAll())
            {
                data.Add(path);
            }

            return data;
        }

        [Fact]
        public void The_Repository_Has_The_Device_Projects_Makers_Build()
        {
            var projects = NanoProject.FindAll().ToArray();

            Assert.Contains("drivers/Balancer.Drivers.nfproj", projects);
            Assert.Contains("firmware/Balancer.Core/Balancer.Core.nfproj", projects);
            Assert.Contains("firmware/Balancer.Device/Balancer.Device.nfproj", projects);
            Assert.Contains("tests/Balancer.Device.Tests/Balancer.Device.Tests.nfproj", projects);
        }

        [Fact]
        public void The_Device_Solution_Filter_Opens_Exactly_The_Device_Projects_Of_The_Solution()
        {
            // Visual Studio 2022 (MSBuild 17) cannot load the solution's net10.0 projects; makers on it open this filter.
            var filter = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "firmware", "BalancerFirmware.Device.slnf")));
            var solution = filter.RootElement.GetProperty("solution");
            var listed = solution.GetProperty("projects").EnumerateArray().Select(p => p.GetString()!.Replace('\\', '/')).OrderBy(p => p, StringComparer.Ordinal);
            var solutionText = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "BalancerFirmware.sln"));

            Assert.Equal("../BalancerFirmware.sln", solution.GetProperty("path").GetString()!.Replace('\\', '/'));
            Assert.Equal(NanoProject.FindAll(), listed);
            Assert.All(listed, p => Assert.Contains(p.Replace('/', '\\'), solutionText));
        }

        [Theory]
        [MemberData(nameof(DeviceProjects))]
        public void Device_Project_Compiles_Against_The_NanoFramework_Surface(string projectPath)
        {
            var project = NanoProject.Load(projectPath);

            var result = DeviceCompiler.Compile(project);

            Assert.True(result.Success, $"{projectPath} does not fit nanoFramework 1.x:\n{result.Describe()}");
            Assert.NotEmpty(project.CompileItems);
        }

        [Theory]
        [MemberData(nameof(DeviceProjects))]
        public void Device_Project_Compiles_Every_Source_File_In_Its_Folder(string projectPath)
        {
            // The host .csproj beside an .nfproj compiles its folder by wildcard; the .nfproj lists files one by one.
            // Equal sets mean the code the tests and the simulator run is the code that ships. Files linked in from
            // another folder (the device tests link the board layer) are allowed, but only from inside firmware/.
            var project = NanoProject.Load(projectPath);
            Assert.All(project.CompileItems, item => Assert.True(File.Exists(item), $"{projectPath} compiles a missing {item}"));
            var ownItems = project.CompileItems.Where(p => p.StartsWith(project.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            var linkedItems = project.CompileItems.Except(ownItems);
            Assert.All(linkedItems, item => Assert.StartsWith(Path.Combine(RepositoryLayout.Root, "firmware") + Path.DirectorySeparatorChar, item));
            var onDisk = Directory.EnumerateFiles(project.Directory, "*.cs", SearchOption.AllDirectories)
                .Where(p => !IsUnderOwnProjectOrBuildOutput(project.Directory, p))
                .Select(Path.GetFullPath)
                .OrderBy(p => p, StringComparer.Ordinal);

            Assert.Equal(onDisk, ownItems.OrderBy(p => p, StringComparer.Ordinal));
        }

        [Theory]
        [MemberData(nameof(DeviceProjects))]
        public void Device_Project_Names_The_Surface_Package_Versions(string projectPath)
        {
            var project = NanoProject.Load(projectPath);

            Assert.Equal("9.0", project.LangVersion);
            foreach (var reference in project.References)
            {
                var entry = NanoSurface.Entries.Single(e => e.AssemblyName == reference.Name);
                var package = project.Packages.SingleOrDefault(p => p.Id == entry.PackageId);
                Assert.True(package != null, $"{projectPath}: packages.config lacks {entry.PackageId}, which provides {reference.Name}.");
                Assert.Equal(entry.Version, package!.Version);
                Assert.Contains($"{entry.PackageId}.{entry.Version}", reference.HintPath.Replace('\\', '/'));
            }

            Assert.NotEmpty(project.Packages);
            foreach (var package in project.Packages)
            {
                Assert.False(package.Version.Contains('-'), $"{package.Id} {package.Version} is a preview; device projects use stable 1.x.");
                Assert.Equal("netnano1.0", package.TargetFramework);
            }
        }

        [Theory]
        [MemberData(nameof(DeviceProjects))]
        public void Device_Project_References_The_Exact_Assembly_Versions_And_Every_Dependency(string projectPath)
        {
            var problems = DeviceReferenceChecks.Problems(NanoProject.Load(projectPath));

            Assert.True(problems.Count == 0, $"{projectPath}:\n" + string.Join("\n", problems));
        }

        [Fact]
        public void A_Reference_With_The_Packages_Version_Instead_Of_Its_Assemblys_Is_Rejected()
        {
            var problems = DeviceReferenceChecks.Problems(AlteredDeviceProject(text => text.Replace("System.Device.Adc, Version=1.1.24.44037", "System.Device.Adc, Version=1.1.24.0")));

            Assert.Contains(problems, p => p.Contains("System.Device.Adc, Version=1.1.24.0") && p.Contains("1.1.24.44037") && p.Contains("MSB3245"));
        }

        [Fact]
        public void A_Missing_Transitive_Dependency_Is_Rejected()
        {
            var problems = DeviceReferenceChecks.Problems(AlteredDeviceProject(text =>
            {
                var start = text.IndexOf("<Reference Include=\"nanoFramework.Runtime.Events", StringComparison.Ordinal);
                var end = text.IndexOf("</Reference>", start, StringComparison.Ordinal) + "</Reference>".Length;
                return text.Remove(start, end - start);
            }));

            Assert.Contains(problems, p => p.StartsWith("System.Device.Gpio needs nanoFramework.Runtime.Events", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("nanoFramework.Hardware.Esp32 needs nanoFramework.Runtime.Events", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("nanoFramework.Device.Bluetooth needs nanoFramework.Runtime.Events", StringComparison.Ordinal));
        }

        [Fact]
        public void Every_Reference_Include_Names_A_Version()
        {
            Assert.Equal("1.1.24.44037", DeviceReferenceChecks.VersionOf("System.Device.Adc, Version=1.1.24.44037, Culture=neutral, PublicKeyToken=c07d481e9758c731"));
            Assert.Null(DeviceReferenceChecks.VersionOf("System.Device.Adc"));
        }

        /// <summary>A copy of the device app's project, altered, with its packages.config, in a folder of its own.</summary>
        private static NanoProject AlteredDeviceProject(Func<string, string> alter)
        {
            var original = NanoProject.Load("firmware/Balancer.Device/Balancer.Device.nfproj");
            var folder = Directory.CreateTempSubdirectory("nfproj-check").FullName;
            File.Copy(Path.Combine(original.Directory, "packages.config"), Path.Combine(folder, "packages.config"));
            var path = Path.Combine(folder, "Balancer.Device.nfproj");
            File.WriteAllText(path, alter(File.ReadAllText(original.FullPath)));
            return NanoProject.LoadFile(path);
        }

        private static bool IsUnderOwnProjectOrBuildOutput(string projectDirectory, string file)
        {
            var relative = Path.GetRelativePath(projectDirectory, Path.GetDirectoryName(file)!);
            if (relative == ".")
            {
                return false;
            }

            var current = projectDirectory;
            foreach (var part in relative.Split(Path.DirectorySeparatorChar))
            {
                if (part is "bin" or "obj")
                {
                    return true;
                }

                current = Path.Combine(current, part);
                if (Directory.EnumerateFiles(current, "*.*proj").Any())
                {
                    return true;
                }
            }

            return false;
        }
    }
}
