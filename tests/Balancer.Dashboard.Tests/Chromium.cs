// SPDX-License-Identifier: MIT

using System;
using System.IO;
using System.Threading.Tasks;
using Balancer.Simulator;
using Balancer.Simulator.Scenarios;
using Balancer.Simulator.Serve;
using Microsoft.Playwright;
using Xunit;

namespace Balancer.Dashboard.Tests
{
    /// <summary>
    /// Debian's Chromium, headless, driven by Playwright for .NET: the system's browser at /usr/bin/chromium (or the path
    /// in BALANCER_CHROMIUM), never one Playwright downloads. One browser for the collection; each test opens its pages.
    /// </summary>
    public sealed class Chromium : IAsyncLifetime
    {
        /// <summary>Where the browser is looked for when BALANCER_CHROMIUM is not set.</summary>
        public const string DefaultPath = "/usr/bin/chromium";

        private IPlaywright _playwright;

        /// <summary>The browser.</summary>
        public IBrowser Browser { get; private set; }

        /// <summary>Where the screenshots go: TestResults/dashboard at the repository's root.</summary>
        public static string ArtifactFolder
        {
            get
            {
                var folder = Path.Combine(RepositoryRoot, "TestResults", "dashboard");
                Directory.CreateDirectory(folder);
                return folder;
            }
        }

        /// <summary>The repository's root (the folder holding BalancerFirmware.sln).</summary>
        public static string RepositoryRoot
        {
            get
            {
                var folder = new DirectoryInfo(AppContext.BaseDirectory);
                while (folder != null && !File.Exists(Path.Combine(folder.FullName, "BalancerFirmware.sln")))
                {
                    folder = folder.Parent;
                }

                return folder?.FullName ?? throw new InvalidOperationException("BalancerFirmware.sln not found above " + AppContext.BaseDirectory);
            }
        }

        /// <inheritdoc/>
        public async Task InitializeAsync()
        {
            var path = Environment.GetEnvironmentVariable("BALANCER_CHROMIUM") ?? DefaultPath;
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"No Chromium at {path}: the dashboard's tests drive Debian's chromium package (apt-get install chromium; .ci/run installs it), or the browser named by BALANCER_CHROMIUM. Playwright's own browsers are never downloaded.");
            }

            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,

                // The flags keep a closed network quiet: no sync, no component updates, no background fetches.
                Args = new[]
                {
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                },
            });
        }

        /// <inheritdoc/>
        public async Task DisposeAsync()
        {
            if (Browser != null)
            {
                await Browser.DisposeAsync();
            }

            _playwright?.Dispose();
        }

        /// <summary>A scenario behind `serve` on a free port of 127.0.0.1, the dashboard at its root; not yet running.</summary>
        public static Task<SimulatorServer> Serve(string scenario, double speed) =>
            SimulatorServer.StartAsync(new Simulation(ScenarioLoader.Load(Balancer.Simulator.Program.Resolve(scenario))), speed, port: 0, staticFolder: Balancer.Simulator.Program.DashboardFolder);

        /// <summary>The page's address on a server: http://127.0.0.1:port/.</summary>
        public static string PageAddress(SimulatorServer server) => server.PageAddress.ToString();
    }

    /// <summary>The tests that share one browser.</summary>
    [CollectionDefinition(Name)]
    public sealed class ChromiumCollection : ICollectionFixture<Chromium>
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "Chromium";
    }
}
