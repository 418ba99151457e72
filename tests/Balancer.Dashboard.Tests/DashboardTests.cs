// SPDX-License-Identifier: MIT

using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Balancer.Core;
using Balancer.Core.Events;
using Balancer.Simulator.Serve;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;

namespace Balancer.Dashboard.Tests
{
    /// <summary>
    /// The dashboard (tools/dashboard) in headless Chromium against the simulator's `serve` running a scenario: what a
    /// technician sees and does, checked against the simulation's own event log.
    /// </summary>
    [Collection(ChromiumCollection.Name)]
    public sealed class DashboardTests
    {
        private const float Patience = 30_000;
        private readonly Chromium _chromium;

        public DashboardTests(Chromium chromium)
        {
            _chromium = chromium;
        }

        [Fact]
        public async Task The_Decoder_Passes_Every_Protocol_Vector_And_The_Encoder_Writes_Every_Accepted_One()
        {
            await using var server = await Chromium.Serve("m365-three-weak-groups", speed: 1);
            await using var context = await _chromium.Browser.NewContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync(Chromium.PageAddress(server));
            var vectors = File.ReadAllText(Path.Combine(Chromium.RepositoryRoot, "docs", "protocol-vectors.json"));
            var document = JsonNode.Parse(vectors);

            var decoded = await page.EvaluateAsync<string[]>(
                @"async (text) => {
                    const vectors = JSON.parse(text);
                    const p = await import('./protocol.js');
                    return vectors.frames.map(f => {
                        try { return JSON.stringify(p.decodeFrame(p.fromHex(f.hex)).fields); }
                        catch (e) { return 'error: ' + e.message; }
                    });
                }",
                vectors);

            var frames = document["frames"].AsArray();
            Assert.Equal(16, frames.Count);
            for (var i = 0; i < frames.Count; i++)
            {
                var expected = frames[i]["fields"];
                Assert.True(
                    JsonNode.DeepEquals(expected, JsonNode.Parse(decoded[i])),
                    $"{frames[i]["name"]}: expected {expected.ToJsonString()}, decoded {decoded[i]}");
            }

            // Every write the adapter takes, encoded from its meaning by the page's encoder; every error name known.
            var encoded = await page.EvaluateAsync<string[]>(
                @"async (text) => {
                    const vectors = JSON.parse(text);
                    const p = await import('./protocol.js');
                    const w = p.Write;
                    return vectors.writes.map(v => {
                        if (!p.ERRORS.includes(v.error)) return 'unknown error ' + v.error;
                        if (v.error !== 'Ok' || v.characteristic === 'emergencyStop') return null; // refused: the adapter's to judge
                        if (v.passkey !== undefined) return p.toHex(w.setPasskey(v.passkey));
                        if (v.selectedSetting !== undefined) return p.toHex(w.configSelect(v.selectedSetting));
                        if (v.log !== undefined) { const b = p.fromHex(v.hex); return p.toHex(w.readLog(b[3] | b[4] << 8 | b[5] << 16 | b[6] << 24)); }
                        if (v.queued === undefined) return v.name === 'read the report' ? p.toHex(w.readReport()) : 'no encoder for ' + v.name;
                        const q = v.queued;
                        switch (q.command) {
                            case 'Start': return p.toHex(w.start(q.channel));
                            case 'Stop': return p.toHex(w.stop(q.channel));
                            case 'StartAll': return p.toHex(w.startAll());
                            case 'StopAll': return p.toHex(w.stopAll());
                            case 'ClearFault': return p.toHex(w.clearFault(q.channel));
                            case 'ConfirmDeepDischarge': return p.toHex(w.confirmDeepDischarge(q.channel));
                            case 'SetMode': return p.toHex(w.setMode(q.channel, q.value === 1));
                            case 'StartSession': return p.toHex(w.startSession(q.value, q.argument));
                            case 'BeginCalibration': return p.toHex(w.beginCalibration());
                            case 'FinishCalibration': return p.toHex(w.finishCalibration(q.value));
                            case 'SetSetting': return p.toHex(w.configSet(q.value, q.argument));
                            default: return 'no encoder for ' + q.command;
                        }
                    });
                }",
                vectors);

            var writes = document["writes"].AsArray();
            Assert.Equal(writes.Count, encoded.Length);
            var compared = 0;
            for (var i = 0; i < writes.Count; i++)
            {
                if (encoded[i] == null)
                {
                    Assert.True((string)writes[i]["error"] != "Ok" || (string)writes[i]["characteristic"] == "emergencyStop");
                    continue;
                }

                Assert.True((string)writes[i]["hex"] == encoded[i], $"{writes[i]["name"]}: expected {writes[i]["hex"]}, encoded {encoded[i]}");
                compared++;
            }

            Assert.Equal(18, compared);
        }

        [Fact]
        public async Task Cards_Follow_The_Simulation_A_Stop_Opens_The_Relay_And_The_Unbonded_Page_May_Only_Stop()
        {
            await using var server = await Chromium.Serve("m365-three-weak-groups", speed: 30);
            using var run = new CancellationTokenSource();
            await using var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(Chromium.PageAddress(server) + "?token=" + server.Token);
            await page.ClickAsync("#connect-sim button[type=submit]");
            await Assertions.Expect(page.Locator("#link-state")).ToHaveTextAsync("connected to the simulator");
            var running = server.RunAsync(run.Token);
            try
            {

                // The cards follow the status: channel 1 starts charging, its readings in words and its chart drawn.
                var first = page.Locator("#channel-0");
                await Assertions.Expect(first).ToHaveAttributeAsync("data-state", "Charging", new() { Timeout = Patience });
                await Assertions.Expect(first.Locator(".voltage")).ToHaveTextAsync(new Regex(@"^[34]\.\d{3} V"));
                await Assertions.Expect(first.Locator(".current")).ToHaveTextAsync(new Regex(@"^\d{3,4} mA$"));
                var uptime = await page.Locator("#session-uptime").TextContentAsync();
                await Assertions.Expect(page.Locator("#session-uptime")).Not.ToHaveTextAsync(uptime, new() { Timeout = Patience });
                Assert.Equal(4, await page.Locator("#cards .card").CountAsync());
                await Assertions.Expect(first.Locator(".line-voltage")).ToHaveAttributeAsync("points", new Regex(@"^\S+,\S+ \S+,\S+"));

                await first.ScrollIntoViewIfNeededAsync();
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactFolder, "phone-charging.png") });
                await page.SetViewportSizeAsync(1280, 900);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactFolder, "desktop-charging.png"), FullPage = true });

                // A disconnect keeps the chart; the page reconnects by itself and draws on.
                var before = await LastPoint(page, 0);
                var pointsBefore = await page.EvaluateAsync<int>("() => window.balancer.page.channels[0].history.length");
                await page.EvaluateAsync("() => window.balancer.page.link.socket.close()");
                await Assertions.Expect(page.Locator("#link-state")).ToHaveTextAsync("connection lost: reconnecting…");
                Assert.True(await page.EvaluateAsync<int>("() => window.balancer.page.channels[0].history.length") >= pointsBefore, "the chart was cleared");
                await Assertions.Expect(page.Locator("#link-state")).ToHaveTextAsync("connected to the simulator", new() { Timeout = Patience });
                await WaitFor(async () => await LastPoint(page, 0) > before + 2);

                // Stop channel 1 with the token: the simulation's own event log has the stop, and the relay open after it.
                var clicked = await server.InspectAsync(s => s.ElapsedMilliseconds);
                await first.Locator("[data-action=stop]").ClickAsync();
                await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync(new Regex(@"Stop \(ticket \d+\): Ok"), new() { Timeout = Patience });
                var stop = await server.InspectAsync(s => s.Events.FirstOrDefault(e =>
                    e.ElapsedMilliseconds >= clicked && e.Event.Kind == EventKind.StateChanged && e.Event.Channel == 0 && e.Event.Reason == TransitionReason.StopCommand));
                Assert.NotNull(stop);
                Assert.Equal(ChannelState.Idle, stop.Event.To);
                Assert.False(await server.InspectAsync(s => s.Board.Coils[0].IsHigh), "channel 1's relay coil is still driven after its stop");
                Assert.False(await server.InspectAsync(s => s.Board.Contacts[0].IsContactClosed), "channel 1's contact is still closed after its stop");
                await Assertions.Expect(first).ToHaveAttributeAsync("data-state", "Idle", new() { Timeout = Patience });

                // A page without the token, on a desktop: a start is refused and said; the emergency stop needs no token.
                await using var desktop = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
                var watcher = await desktop.NewPageAsync();
                await watcher.GotoAsync(Chromium.PageAddress(server));
                await watcher.ClickAsync("#connect-sim button[type=submit]");
                await Assertions.Expect(watcher.Locator("#channel-1")).ToBeVisibleAsync(new() { Timeout = Patience });
                await watcher.Locator("#channel-1 [data-action=start]").ClickAsync();
                await Assertions.Expect(watcher.Locator("#messages li.refused").First).ToContainTextAsync("Channel 2 start refused: NotAuthenticated");

                await watcher.Locator("#emergency-stop").ClickAsync();
                await Assertions.Expect(watcher.Locator("#session-flags")).ToContainTextAsync("emergency stopped", new() { Timeout = Patience });
                Assert.True(await server.InspectAsync(s => s.Events.Any(e => e.Note == null && e.Event.Kind == EventKind.EmergencyStop)));
                Assert.True(await server.InspectAsync(s => s.Board.Coils.All(c => !c.IsHigh) && s.Board.ChargerSupplies.All(c => !c.IsHigh)), "a coil or a charger supply is still on");
                await watcher.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactFolder, "desktop-emergency-stop.png"), FullPage = true });
            }
            finally
            {
                run.Cancel();
                await Ended(running);
            }
        }

        [Fact]
        public async Task The_Morning_Report_Appears_At_The_End_And_The_Log_Downloads()
        {
            await using var server = await Chromium.Serve("m365-three-weak-groups", speed: 4_000);
            using var run = new CancellationTokenSource();
            await using var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true });
            var page = await context.NewPageAsync();
            await page.GotoAsync(Chromium.PageAddress(server) + "?token=" + server.Token);
            await page.ClickAsync("#connect-sim button[type=submit]");
            await Assertions.Expect(page.Locator("#link-state")).ToHaveTextAsync("connected to the simulator");
            await server.RunAsync(run.Token);

            // The report: a row per channel with the firmware's verdict, from the simulator's report at the end.
            await Assertions.Expect(page.Locator("#report-body")).ToBeVisibleAsync(new() { Timeout = Patience });
            var rows = page.Locator("#report-table tbody tr");
            Assert.Equal(4, await rows.CountAsync());
            var report = server.Simulation.Report();
            for (var i = 0; i < report.Length; i++)
            {
                Assert.Equal(report[i].Verdict.ToString(), await rows.Nth(i).GetAttributeAsync("data-verdict"));
                await Assertions.Expect(rows.Nth(i)).ToContainTextAsync($"{report[i].DeliveredMilliampereHours} mAh");
            }

            // And as an adapter gives it, over the protocol: one Channel report frame per channel, the same verdicts.
            await page.ClickAsync("#report-read");
            await Assertions.Expect(page.Locator("#report-summary")).ToContainTextAsync("From simulator: 4 channels");
            for (var i = 0; i < report.Length; i++)
            {
                Assert.Equal(report[i].Verdict.ToString(), await rows.Nth(i).GetAttributeAsync("data-verdict"));
                await Assertions.Expect(rows.Nth(i)).ToContainTextAsync($"{report[i].DeliveredMilliampereHours} mAh");
            }

            // The log, paged over the link and offered as JSON, CSV and the raw file.
            await page.ClickAsync("#log-read");
            await Assertions.Expect(page.Locator("#log-downloads")).ToBeVisibleAsync(new() { Timeout = Patience });
            var json = await Download(page, "#log-json");
            var records = JsonNode.Parse(json)["records"].AsArray();
            var types = records.Select(r => (string)r["type"]).ToList();
            Assert.Contains("Boot", types);
            Assert.Contains("SessionStart", types);
            Assert.Contains("ChannelEnd", types);
            Assert.Equal(Enumerable.Range((int)(uint)records[0]["sequence"], records.Count).Select(s => (uint)s), records.Select(r => (uint)r["sequence"]));

            var csv = await Download(page, "#log-csv");
            var lines = csv.TrimEnd('\n').Split('\n');
            Assert.Equal("offset,sequence,type,timeMilliseconds,payload", lines[0]);
            Assert.Equal(records.Count, lines.Length - 1);

            var raw = await Download(page, "#log-raw");
            Assert.Equal((int)JsonNode.Parse(json)["bytes"], raw.Length); // the log is ASCII-free bytes: length is what matters
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactFolder, "desktop-report.png"), FullPage = true });

            // axe-core's rules (WCAG 2 A and AA: names, labels, roles, contrast) on the full page, light and dark.
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme });
                var axe = await page.RunAxe();
                Assert.True(
                    axe.Violations.Length == 0,
                    $"{scheme}: " + string.Join("; ", axe.Violations.Select(v => $"{v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}")));
            }

            await page.SetViewportSizeAsync(390, 844);
            await page.Locator("#report").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactFolder, "phone-report.png") });
        }

        [Fact]
        public async Task Without_Web_Bluetooth_The_Page_Says_So_And_Still_Offers_The_Simulator()
        {
            await using var server = await Chromium.Serve("m365-three-weak-groups", speed: 1);
            await using var context = await _chromium.Browser.NewContextAsync();
            await context.AddInitScriptAsync("delete Navigator.prototype.bluetooth;");
            var page = await context.NewPageAsync();
            await page.GotoAsync(Chromium.PageAddress(server));

            await Assertions.Expect(page.Locator("#bluetooth-note")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#bluetooth-note")).ToContainTextAsync("this browser has no Web Bluetooth");
            await Assertions.Expect(page.Locator("#bluetooth-note")).ToContainTextAsync("The simulator connection below still works");
            await Assertions.Expect(page.Locator("#connect-ble")).ToBeDisabledAsync();
            await Assertions.Expect(page.Locator("#connect-sim button[type=submit]")).ToBeEnabledAsync();
            await Assertions.Expect(page.Locator("#emergency-stop")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#sim-url")).ToHaveValueAsync(server.Address.ToString());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactFolder, "desktop-no-bluetooth.png") });
        }

        /// <summary>The adapter's uptime, s, at the chart's last point for a channel (the history keeps its last 720 points).</summary>
        private static async Task<int> LastPoint(IPage page, int channel) =>
            await page.EvaluateAsync<int>($"() => window.balancer.page.channels[{channel}].history.at(-1).t");

        private static async Task<string> Download(IPage page, string selector)
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(selector));
            var path = await download.PathAsync();
            return File.ReadAllText(path, System.Text.Encoding.Latin1);
        }

        private static async Task WaitFor(Func<Task<bool>> condition)
        {
            var until = DateTime.UtcNow.AddMilliseconds(Patience);
            while (!await condition())
            {
                Assert.True(DateTime.UtcNow < until, "the condition did not hold in time");
                await Task.Delay(50);
            }
        }

        private static async Task Ended(Task running)
        {
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // Cancelled on purpose.
            }
        }
    }
}
