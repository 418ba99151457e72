// SPDX-License-Identifier: MIT

using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Balancer.DeviceCost
{
    /// <summary>
    /// A collectible load context in which the instrumented device assemblies carry their own names, so the emulators
    /// and the simulator, loaded here too, bind to them. The probe's assembly is shared with the caller; everything
    /// else (the runtime, the simulator's packages) comes from the default context.
    /// </summary>
    public sealed class DeviceLoadContext : AssemblyLoadContext
    {
        /// <summary>The host-only assemblies that reference the device assemblies by name.</summary>
        public static readonly string[] HostAssemblies = { "Balancer.Drivers.Simulation", "Balancer.Simulator" };

        private readonly InstrumentedAssemblies _instrumented;
        private readonly string _directory;

        /// <summary>Creates the context over a build output folder.</summary>
        public DeviceLoadContext(InstrumentedAssemblies instrumented, string directory)
            : base("device-cost", isCollectible: true)
        {
            _instrumented = instrumented;
            _directory = directory;
        }

        /// <inheritdoc />
        protected override Assembly Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name;
            if (_instrumented.Images.TryGetValue(name, out var image))
            {
                return LoadFromStream(new MemoryStream(image));
            }

            if (System.Array.IndexOf(HostAssemblies, name) >= 0)
            {
                return LoadFromAssemblyPath(Path.Combine(_directory, name + ".dll"));
            }

            if (name == typeof(DeviceCostProbe).Assembly.GetName().Name)
            {
                return typeof(DeviceCostProbe).Assembly;
            }

            return null;
        }
    }
}
