// SPDX-License-Identifier: MIT

using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Balancer.Core;
using Balancer.Simulator.Output;
using Balancer.Simulator.Scenarios;
using Spectre.Console;

namespace Balancer.Simulator
{
    /// <summary>
    /// The simulator's command line: <c>run [scenario]</c> runs the firmware against a simulated pack and writes the
    /// morning report, the event log, the time series and a plot; <c>list</c> names the bundled scenarios; <c>check</c>
    /// validates a scenario file. Exit codes: 0 the session ended without faults, 1 with faults, 2 the scenario or the
    /// command line was wrong.
    /// </summary>
    public static class Program
    {
        /// <summary>The scenario <c>run</c> uses when none is named.</summary>
        public const string DefaultScenario = "m365-three-weak-groups";

        /// <summary>Exit code: the session ended without faults.</summary>
        public const int ExitOk = 0;

        /// <summary>Exit code: the session ended with faults.</summary>
        public const int ExitFaults = 1;

        /// <summary>Exit code: the scenario or the command line was wrong.</summary>
        public const int ExitUsage = 2;

        /// <summary>Entry point.</summary>
        public static int Main(string[] args)
        {
            var scenarioArgument = new Argument<string>("scenario")
            {
                Description = "A scenario file, or the name of a bundled scenario (see 'list')",
                DefaultValueFactory = _ => DefaultScenario,
            };
            var outOption = new Option<string>("--out") { Description = "Folder for the report, event log, time series and plot (default: out/<scenario>)" };
            var speedOption = new Option<double?>("--speed") { Description = "Simulated seconds per wall second (default: as fast as possible)" };
            var realtimeOption = new Option<bool>("--realtime") { Description = "Run in real time (same as --speed 1)" };
            var plainOption = new Option<bool>("--plain") { Description = "Plain progress lines even on a terminal" };
            var run = new Command("run", "Run a scenario and write the morning report") { scenarioArgument, outOption, speedOption, realtimeOption, plainOption };
            run.SetAction(result => Run(
                result.GetValue(scenarioArgument),
                result.GetValue(outOption),
                result.GetValue(realtimeOption) ? 1 : result.GetValue(speedOption),
                result.GetValue(plainOption)));

            var list = new Command("list", "Name the bundled scenarios");
            list.SetAction(_ => List());

            var checkArgument = new Argument<string>("scenario") { Description = "A scenario file, or a bundled scenario's name" };
            var check = new Command("check", "Check a scenario file without running it") { checkArgument };
            check.SetAction(result => Check(result.GetValue(checkArgument)));

            var packsOption = new Option<int>("--packs") { Description = "Sessions to run (1–100000)", DefaultValueFactory = _ => 1000 };
            var seedOption = new Option<int>("--seed") { Description = "The sweep's seed: the same seed gives the same sessions", DefaultValueFactory = _ => 1 };
            var jobsOption = new Option<int>("--jobs") { Description = "Sessions at once (default: one per core)", DefaultValueFactory = _ => Environment.ProcessorCount };
            var sweepOut = new Option<string>("--out") { Description = "Folder for summary.md, sessions.csv and target-error.svg (default: out/sweep)" };
            var sessionOption = new Option<int?>("--session") { Description = "Write one session of the sweep as a scenario file and run it (its number in sessions.csv)" };
            var sweep = new Command("sweep", "Run many randomised packs and give the distribution of the outcomes against the truth") { packsOption, seedOption, jobsOption, sweepOut, plainOption, sessionOption };
            sweep.SetAction(result => result.GetValue(sessionOption) is int session
                ? Replay(result.GetValue(seedOption), session, result.GetValue(sweepOut), result.GetValue(plainOption))
                : Sweep(
                    result.GetValue(packsOption),
                    result.GetValue(seedOption),
                    result.GetValue(jobsOption),
                    result.GetValue(sweepOut),
                    result.GetValue(plainOption)));

            var serveArgument = new Argument<string>("scenario")
            {
                Description = "A scenario file, or the name of a bundled scenario (see 'list')",
                DefaultValueFactory = _ => DefaultScenario,
            };
            var serveSpeed = new Option<double>("--speed") { Description = "Simulated seconds per wall second", DefaultValueFactory = _ => 60 };
            var portOption = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: any free one)", DefaultValueFactory = _ => 8780 };
            var tokenOption = new Option<string>("--token") { Description = "The token that stands in for bonding (default: a new random one, printed)" };
            var untilDoneOption = new Option<bool>("--until-done") { Description = "Stop serving when the scenario ends (default: serve until Ctrl+C)" };
            var serve = new Command("serve", "Run a scenario and speak the adapter's BLE protocol over a WebSocket on 127.0.0.1") { serveArgument, serveSpeed, portOption, tokenOption, untilDoneOption };
            serve.SetAction(result => Serve(
                result.GetValue(serveArgument),
                result.GetValue(serveSpeed),
                result.GetValue(portOption),
                result.GetValue(tokenOption),
                result.GetValue(untilDoneOption)));

            var logArgument = new Argument<string>("log") { Description = "A recovery log: recovery.log from a run, or the log read off a board" };
            var formatOption = new Option<string>("--format") { Description = "text (the morning report of every session), json or csv (every record)", DefaultValueFactory = _ => "text" };
            var report = new Command("report", "Turn a recovery log into the morning report, JSON or CSV") { logArgument, formatOption };
            report.SetAction(result => Report(result.GetValue(logArgument), result.GetValue(formatOption)));

            var root = new RootCommand("BalancerFirmware simulator: the adapter's firmware against a simulated pack") { run, list, check, sweep, serve, report };
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var error in parsed.Errors)
                {
                    Console.Error.WriteLine("error: " + error.Message);
                }

                Console.Error.WriteLine("usage: run [scenario] [--out folder] [--speed n | --realtime] [--plain] | list | check <scenario> | sweep [--packs n] [--seed n] [--jobs n] [--out folder] [--session n] | serve [scenario] [--speed n] [--port n] [--token t] [--until-done] | report <log> [--format text|json|csv]");
                return ExitUsage;
            }

            try
            {
                return parsed.Invoke();
            }
            catch (ScenarioException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return ExitUsage;
            }
        }

        /// <summary>The folder of the bundled scenarios.</summary>
        public static string BundledFolder => Path.Combine(AppContext.BaseDirectory, "scenarios");

        /// <summary>
        /// A file path as given, or a bundled scenario's file. Only a bare name (no folder, no extension) can name a
        /// bundled scenario: a path that does not exist is an error, never a bundled file of the same name.
        /// </summary>
        public static string Resolve(string scenario)
        {
            if (string.IsNullOrWhiteSpace(scenario))
            {
                throw new ScenarioException("the scenario: expected a scenario file or a bundled scenario's name (see 'list'), got nothing");
            }

            if (File.Exists(scenario))
            {
                return scenario;
            }

            var isBareName = scenario.IndexOfAny(new[] { '/', '\\', '.' }) < 0;
            var bundled = Path.Combine(BundledFolder, scenario + ".json");
            if (isBareName && File.Exists(bundled))
            {
                return bundled;
            }

            throw new ScenarioException($"{scenario}: cannot be read: {(isBareName ? "no such file and no bundled scenario of that name (see 'list')" : "no such file")}");
        }

        /// <summary>Makes sure an output folder can be written before a run starts; null when it can, else why not.</summary>
        public static string OutputProblem(string folder)
        {
            try
            {
                Directory.CreateDirectory(folder);
                var probe = Path.Combine(folder, ".write-check");
                File.WriteAllText(probe, string.Empty);
                File.Delete(probe);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                return $"--out: cannot write to {folder}: {e.Message}";
            }
        }

        /// <summary>Prints a recovery log as the morning report of every session, or every record as JSON or CSV.</summary>
        private static int Report(string path, string format)
        {
            if (format is not ("text" or "json" or "csv"))
            {
                Console.Error.WriteLine($"error: --format: expected text, json or csv, got '{format}'");
                return ExitUsage;
            }

            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                Console.Error.WriteLine($"error: {path}: cannot be read: {e.Message}");
                return ExitUsage;
            }

            LogReport log;
            try
            {
                log = LogReport.Read(bytes);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"error: {path}: {e.Message}");
                return ExitUsage;
            }

            Console.Write(format switch
            {
                "json" => log.ToJson() + "\n",
                "csv" => log.ToCsv(),
                _ => log.ToMarkdown(),
            });
            return log.Sessions.Any(s => s.Lines.Any(l => l.Fault != FaultCode.None)) ? ExitFaults : ExitOk;
        }

        private static int Run(string name, string outFolder, double? speed, bool plain)
        {
            Scenario scenario;
            Simulation simulation;
            string path;
            try
            {
                path = Resolve(name);
                scenario = ScenarioLoader.Load(path);
                simulation = new Simulation(scenario);
            }
            catch (ScenarioException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return ExitUsage;
            }

            if (speed is double factor && !(factor > 0 && double.IsFinite(factor)))
            {
                Console.Error.WriteLine("error: --speed: expected a positive number of simulated seconds per wall second");
                return ExitUsage;
            }

            var folder = outFolder ?? Path.Combine("out", Path.GetFileNameWithoutExtension(path));
            var outputProblem = OutputProblem(folder);
            if (outputProblem != null)
            {
                Console.Error.WriteLine("error: " + outputProblem);
                return ExitUsage;
            }

            var live = !plain && IsInteractive();
            Console.WriteLine($"Scenario: {scenario.Name} ({path}), seed {scenario.Seed}");
            var wall = Stopwatch.StartNew();
            if (live)
            {
                RunLive(simulation, speed, wall);
            }
            else
            {
                RunPlain(simulation, speed, wall);
            }

            wall.Stop();
            var report = SessionReport.Build(simulation, wall.Elapsed.TotalSeconds);
            var files = ReportFiles.Write(folder, simulation, report);
            Console.WriteLine();
            Console.WriteLine(ReportFiles.Markdown(report));
            Console.WriteLine("Files: " + string.Join(", ", files));
            return report.HasFaults ? ExitFaults : ExitOk;
        }

        private static void RunPlain(Simulation simulation, double? speed, Stopwatch wall)
        {
            var nextLine = 0L;
            simulation.Run(s =>
            {
                Throttle(s, speed, wall);
                if (s.ElapsedMilliseconds >= nextLine)
                {
                    Console.WriteLine(StatusLine(s));
                    nextLine = s.ElapsedMilliseconds + (10 * 60_000);
                }
            });
            Console.WriteLine(StatusLine(simulation));
        }

        private static void RunLive(Simulation simulation, double? speed, Stopwatch wall)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in new[] { "ch", "group", "state", "V (mV)", "I (mA)", "OCV (mV)", "mAh", "°C", "fault" })
            {
                table.AddColumn(column);
            }

            AnsiConsole.Live(table).Start(context =>
            {
                var nextDraw = 0L;
                simulation.Run(s =>
                {
                    Throttle(s, speed, wall);
                    if (wall.ElapsedMilliseconds >= nextDraw)
                    {
                        Fill(table, s);
                        context.Refresh();
                        nextDraw = wall.ElapsedMilliseconds + 100;
                    }
                });
                Fill(table, simulation);
                context.Refresh();
            });
        }

        private static void Fill(Table table, Simulation simulation)
        {
            var status = simulation.Board.Controller.Status;
            table.Rows.Clear();
            for (var i = 0; i < status.Channels.Length; i++)
            {
                var s = status.Channels[i];
                table.AddRow(
                    i.ToString(),
                    simulation.Scenario.Channels[i].Group.ToString(),
                    s.State.ToString(),
                    s.GroupMillivolts.ToString(),
                    s.CurrentMilliamperes.ToString(),
                    s.OcvMillivolts.ToString(),
                    s.DeliveredMilliampereHours.ToString(),
                    (s.TemperatureDeciCelsius / 10.0).ToString("0.0"),
                    s.Fault == FaultCode.None ? string.Empty : s.Fault.ToString());
            }

            var done = Math.Min(1.0, (double)simulation.ElapsedMilliseconds / simulation.DurationMilliseconds);
            var bar = new string('█', (int)(done * 30)) + new string('░', 30 - (int)(done * 30));
            table.Title = new TableTitle($"{bar} {ReportFiles.Duration(simulation.ElapsedMilliseconds / 1000.0)} of at most {ReportFiles.Duration(simulation.DurationMilliseconds / 1000.0)}");
        }

        private static string StatusLine(Simulation simulation)
        {
            var status = simulation.Board.Controller.Status;
            var channels = string.Join("  ", status.Channels.Select((s, i) =>
                $"ch{i} {s.State} {s.GroupMillivolts} mV {s.CurrentMilliamperes} mA{(s.Fault != FaultCode.None ? " " + s.Fault : string.Empty)}"));
            return $"{ReportFiles.Duration(simulation.ElapsedMilliseconds / 1000.0)}  {channels}";
        }

        /// <summary>Holds the run back to the requested speed.</summary>
        /// <summary>Sleeps while the simulation runs ahead of <paramref name="speed"/> × the wall clock.</summary>
        internal static void Throttle(Simulation simulation, double? speed, Stopwatch wall)
        {
            if (speed is not double factor)
            {
                return;
            }

            var ahead = (simulation.ElapsedMilliseconds / factor) - wall.ElapsedMilliseconds;
            if (ahead > 10)
            {
                Thread.Sleep((int)ahead);
            }
        }

        private static bool IsInteractive() =>
            !Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            && AnsiConsole.Profile.Capabilities.Interactive;

        /// <summary>The folder of the dashboard's static files, served at / when it exists.</summary>
        public static string DashboardFolder => Path.Combine(AppContext.BaseDirectory, "dashboard");

        /// <summary>Runs a scenario behind the WebSocket until it ends (and then until Ctrl+C, unless told to stop).</summary>
        private static int Serve(string name, double speed, int port, string token, bool untilDone)
        {
            if (!(speed > 0 && double.IsFinite(speed)))
            {
                Console.Error.WriteLine("error: --speed: expected a positive number of simulated seconds per wall second");
                return ExitUsage;
            }

            if (port is < 0 or > 65_535)
            {
                Console.Error.WriteLine("error: --port: expected 0–65535");
                return ExitUsage;
            }

            if (token != null && (token.Length < 8 || !token.All(char.IsAsciiLetterOrDigit)))
            {
                Console.Error.WriteLine("error: --token: expected at least 8 letters or digits");
                return ExitUsage;
            }

            var path = Resolve(name);
            var simulation = new Simulation(ScenarioLoader.Load(path));
            Simulator.Serve.SimulatorServer server;
            try
            {
                server = Simulator.Serve.SimulatorServer.StartAsync(simulation, speed, port, token, DashboardFolder).GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"error: --port: cannot listen on 127.0.0.1:{port}: {e.Message}");
                return ExitUsage;
            }

            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.WriteLine($"Scenario: {simulation.Scenario.Name} ({path}), {speed:0.#}× real time");
            Console.WriteLine($"Serving the adapter's protocol at {server.Address}");
            Console.WriteLine($"Token (stands in for bonding; add ?token=... to the address): {server.Token}");
            if (Directory.Exists(DashboardFolder))
            {
                Console.WriteLine($"Dashboard (as a bonded phone): {server.PageAddress}?token={server.Token}");
            }

            try
            {
                server.RunAsync(stop.Token).GetAwaiter().GetResult();
                Console.WriteLine($"The scenario ended at {TimeSpan.FromMilliseconds(simulation.ElapsedMilliseconds):h\\:mm\\:ss}.");
                if (!untilDone)
                {
                    Console.WriteLine("Still serving; Ctrl+C stops.");
                    stop.Token.WaitHandle.WaitOne();
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C.
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return ExitOk;
        }

        /// <summary>One session of a sweep, written as a scenario file into the output folder and run like any scenario.</summary>
        private static int Replay(int seed, int session, string outFolder, bool plain)
        {
            if (session is < 0 or >= 100_000)
            {
                Console.Error.WriteLine("error: --session: expected a session number 0–99999");
                return ExitUsage;
            }

            var folder = outFolder ?? Path.Combine("out", $"sweep-{seed}-{session}");
            var outputProblem = OutputProblem(folder);
            if (outputProblem != null)
            {
                Console.Error.WriteLine("error: " + outputProblem);
                return ExitUsage;
            }

            var file = Path.Combine(folder, "scenario.json");
            File.WriteAllText(file, ScenarioLoader.Serialize(Simulator.Sweep.SweepPlan.Session(seed, session)));
            return Run(file, folder, null, plain);
        }

        private static int Sweep(int packs, int seed, int jobs, string outFolder, bool plain)
        {
            if (packs is < 1 or > 100_000)
            {
                Console.Error.WriteLine("error: --packs: expected 1–100000 sessions");
                return ExitUsage;
            }

            if (jobs is < 1 or > 256)
            {
                Console.Error.WriteLine("error: --jobs: expected 1–256");
                return ExitUsage;
            }

            var sweepFolder = outFolder ?? Path.Combine("out", "sweep");
            var outputProblem = OutputProblem(sweepFolder);
            if (outputProblem != null)
            {
                Console.Error.WriteLine("error: " + outputProblem);
                return ExitUsage;
            }

            Console.WriteLine($"Sweep: {packs} randomised packs, seed {seed}, {jobs} at once");
            Sweep.SweepSummary summary;
            if (!plain && IsInteractive())
            {
                summary = null;
                AnsiConsole.Progress().Start(context =>
                {
                    var task = context.AddTask("packs", maxValue: packs);
                    summary = Simulator.Sweep.SweepRunner.Run(packs, seed, jobs, done => task.Value = done);
                });
            }
            else
            {
                var step = Math.Max(1, packs / 20);
                var gate = new object();
                summary = Simulator.Sweep.SweepRunner.Run(packs, seed, jobs, done =>
                {
                    if (done % step == 0 || done == packs)
                    {
                        lock (gate)
                        {
                            Console.WriteLine($"{done}/{packs} packs");
                        }
                    }
                });
            }

            var files = Simulator.Sweep.SweepRunner.Write(sweepFolder, summary);
            Console.WriteLine();
            Console.WriteLine(summary.Markdown());
            Console.WriteLine("Files: " + string.Join(", ", files));
            return summary.Sessions.Any(s => s.SafetyViolations > 0) ? ExitFaults : ExitOk;
        }

        private static int List()
        {
            foreach (var file in Directory.GetFiles(BundledFolder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                try
                {
                    var scenario = ScenarioLoader.Load(file);
                    Console.WriteLine($"{Path.GetFileNameWithoutExtension(file),-32} {scenario.Name}");
                }
                catch (ScenarioException e)
                {
                    Console.WriteLine($"{Path.GetFileNameWithoutExtension(file),-32} (invalid: {e.Message})");
                }
            }

            return ExitOk;
        }

        private static int Check(string name)
        {
            try
            {
                var path = Resolve(name);
                var scenario = ScenarioLoader.Load(path);
                _ = new Simulation(scenario);
                Console.WriteLine($"{path}: valid ({scenario.Channels.Count} channels, {scenario.Pack.Series}S{scenario.Pack.Parallel}P, seed {scenario.Seed})");
                return ExitOk;
            }
            catch (ScenarioException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return ExitUsage;
            }
        }
    }
}
