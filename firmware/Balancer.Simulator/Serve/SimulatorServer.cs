// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Balancer.Core.Control;
using Balancer.Core.Log;
using Balancer.Core.Protocol;
using Balancer.Core.Settings;
using Balancer.Simulator.Output;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Balancer.Simulator.Serve
{
    /// <summary>
    /// The adapter's BLE protocol over a WebSocket on 127.0.0.1, from a running scenario (docs/protocol.md, "Over the
    /// simulator's WebSocket"): the same frames, the same <see cref="CommandHandler"/> and so the same refusals. A client
    /// that connects with the token printed at start stands in for a bonded phone; one without it may read the status
    /// and stop, nothing else. Status goes out once a simulated second (at most every 50 ms of wall time).
    /// </summary>
    public sealed class SimulatorServer : IAsyncDisposable
    {
        /// <summary>Envelope, server to client: a status notification (the session record, then every channel's).</summary>
        public const byte StatusMessage = 0x01;

        /// <summary>Envelope, server to client: a notification on Command (a Result frame).</summary>
        public const byte CommandNotification = 0x02;

        /// <summary>Envelope, server to client: the answer to a write, one byte, a <see cref="ProtocolError"/>.</summary>
        public const byte WriteResponse = 0x03;

        /// <summary>Envelope, server to client: a read of Config (a ConfigValue frame).</summary>
        public const byte ConfigRead = 0x04;

        /// <summary>Envelope, server to client: a notification on Log (a Log chunk frame), after a ReadLog.</summary>
        public const byte LogNotification = 0x05;

        /// <summary>Envelope, client to server: a write to Command.</summary>
        public const byte WriteCommand = 0x11;

        /// <summary>Envelope, client to server: a write to Config.</summary>
        public const byte WriteConfig = 0x12;

        /// <summary>Envelope, client to server: a write to EmergencyStop.</summary>
        public const byte WriteEmergencyStop = 0x13;

        /// <summary>Envelope, client to server: read Config.</summary>
        public const byte ReadConfig = 0x14;

        /// <summary>How long a send may wait for a client that stopped reading, ms.</summary>
        public const int SendTimeoutMilliseconds = 2_000;

        /// <summary>The least wall time between two status messages, ms.</summary>
        public const int LeastStatusIntervalMilliseconds = 50;

        private readonly Simulation _simulation;
        private readonly double _speed;
        private readonly WebApplication _app;
        private readonly object _sync = new object();
        private readonly List<Client> _clients = new List<Client>();
        private readonly List<(Client Client, int Ticket, int Opcode)> _pending = new List<(Client, int, int)>();
        private readonly byte[] _status;
        private CommandHandler _handler;
        private BalancerController _controller;
        private int _passkey = 123_456;
        private readonly Queue<Action> _inspections = new Queue<Action>();
        private bool _isRunning;

        private SimulatorServer(Simulation simulation, double speed, string token, WebApplication app)
        {
            _simulation = simulation;
            _speed = speed;
            Token = token;
            _app = app;
            _status = new byte[1 + ProtocolFrames.SessionStatusLength + (simulation.Scenario.Channels.Count * ProtocolFrames.ChannelStatusLength)];
            Bind();
        }

        /// <summary>The token that stands in for bonding.</summary>
        public string Token { get; }

        /// <summary>The WebSocket's address, ws://127.0.0.1:port/ws.</summary>
        public Uri Address { get; private set; }

        /// <summary>The dashboard's address on the same port, http://127.0.0.1:port/ (served when its folder exists).</summary>
        public Uri PageAddress => new UriBuilder(Address) { Scheme = Uri.UriSchemeHttp, Path = "/" }.Uri;

        /// <summary>The simulation. While <see cref="RunAsync"/> runs it, read it through <see cref="InspectAsync{T}"/>.</summary>
        public Simulation Simulation => _simulation;

        /// <summary>
        /// Runs <paramref name="look"/> on the simulation's own thread between two steps, so it reads the event log and the
        /// board as they stand and never while a step changes them; at once when the scenario is not running.
        /// </summary>
        public Task<T> InspectAsync<T>(Func<Simulation, T> look)
        {
            var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Look()
            {
                try
                {
                    answer.SetResult(look(_simulation));
                }
                catch (Exception e)
                {
                    answer.SetException(e); // the caller sees it; the simulation runs on
                }
            }

            lock (_inspections)
            {
                if (_isRunning)
                {
                    _inspections.Enqueue(Look);
                    return answer.Task;
                }
            }

            Look();
            return answer.Task;
        }

        /// <summary>
        /// Starts Kestrel on 127.0.0.1:<paramref name="port"/> (0: any free port). <paramref name="staticFolder"/>, when it
        /// exists, is served at / (the dashboard).
        /// </summary>
        public static async Task<SimulatorServer> StartAsync(Simulation simulation, double speed, int port, string token = null, string staticFolder = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
            var app = builder.Build();
            var server = new SimulatorServer(simulation, speed, token ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(), app);
            app.UseWebSockets();
            if (staticFolder != null && Directory.Exists(staticFolder))
            {
                var files = new PhysicalFileProvider(Path.GetFullPath(staticFolder));
                app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
                app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            }

            app.Map("/ws", server.AcceptAsync);
            await app.StartAsync();
            var address = app.Urls.First();
            server.Address = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");
            return server;
        }

        /// <summary>Runs the scenario to its end at the server's speed, sending status and results as it goes, then the report as a text message.</summary>
        public Task RunAsync(CancellationToken cancel) => Task.Run(
            () =>
            {
                var wall = Stopwatch.StartNew();
                lock (_inspections)
                {
                    _isRunning = true;
                }

                try
                {
                    Run(wall, cancel);
                }
                finally
                {
                    lock (_inspections)
                    {
                        _isRunning = false;
                        Inspect();
                    }
                }

                Broadcast(EncodeStatus());
                var report = ReportFiles.ToJson(SessionReport.Build(_simulation, wall.Elapsed.TotalSeconds));
                BroadcastText(report);
            },
            cancel);

        private void Inspect()
        {
            lock (_inspections)
            {
                while (_inspections.Count > 0)
                {
                    _inspections.Dequeue()();
                }
            }
        }

        private void Run(Stopwatch wall, CancellationToken cancel)
        {
            var nextStatus = 0L;
            long lastSent = -LeastStatusIntervalMilliseconds;
            while (!_simulation.IsFinished && !cancel.IsCancellationRequested)
            {
                Inspect();
                _simulation.Step();
                Program.Throttle(_simulation, _speed, wall);
                lock (_sync)
                {
                    if (!ReferenceEquals(_controller, _simulation.Board.Controller))
                    {
                        Bind(); // a reboot: a new firmware, a new handler, the old tickets gone
                    }
                }

                if (_simulation.ElapsedMilliseconds >= nextStatus && wall.ElapsedMilliseconds - lastSent >= LeastStatusIntervalMilliseconds)
                {
                    Broadcast(EncodeStatus());
                    nextStatus = _simulation.ElapsedMilliseconds + 1_000;
                    lastSent = wall.ElapsedMilliseconds;
                }

                SendResults();
            }
        }

        /// <summary>How long stopping waits for the web server's requests to end, ms, once every WebSocket is closed.</summary>
        public const int StopMilliseconds = 2_000;

        /// <inheritdoc/>
        /// <remarks>
        /// Every client's WebSocket is aborted first: Kestrel would otherwise wait out its shutdown timeout (30 s) for a
        /// dashboard that is still open.
        /// </remarks>
        public async ValueTask DisposeAsync()
        {
            lock (_sync)
            {
                foreach (var client in _clients)
                {
                    client.Abort();
                }
            }

            using var stopping = new CancellationTokenSource(StopMilliseconds);
            await _app.StopAsync(stopping.Token);
            await _app.DisposeAsync();
        }

        private void Bind()
        {
            _controller = _simulation.Board.Controller;
            _passkey = _handler?.Passkey ?? _passkey;
            _handler = new CommandHandler(_controller, _passkey) { Log = _simulation.Board.Journal?.Pager };
            _pending.Clear();
        }

        private async Task AcceptAsync(HttpContext context)
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var authenticated = context.Request.Query.TryGetValue("token", out var given) && given.ToString() == Token;
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var client = new Client(socket, authenticated);
            lock (_sync)
            {
                _clients.Add(client);
            }

            try
            {
                var buffer = new byte[256];
                while (socket.State == WebSocketState.Open)
                {
                    var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        break;
                    }

                    if (!received.EndOfMessage)
                    {
                        await client.SendAsync(new[] { WriteResponse, (byte)ProtocolError.BadLength });
                        await Drain(socket, buffer, context.RequestAborted);
                        continue;
                    }

                    var answer = Handle(client, buffer, received.Count);
                    await client.SendAsync(answer);
                    await SendLogAsync(client);
                    if (answer[1] == (byte)ProtocolError.Ok && received.Count >= 3 && buffer[0] == WriteCommand && buffer[2] == (byte)CommandOpcode.ReadReport)
                    {
                        await SendReportAsync(client);
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The client went away: nothing it asked for is undone, and its pending results are dropped.
            }
            finally
            {
                lock (_sync)
                {
                    _clients.Remove(client);
                    _pending.RemoveAll(p => p.Client == client);
                }
            }
        }

        /// <summary>
        /// After a ReadLog, the log's chunks to the client that asked, as the adapter notifies them on Log (the pager reads
        /// under the log's lock, so the simulation may go on writing).
        /// </summary>
        private async Task SendLogAsync(Client client)
        {
            LogPager pager;
            lock (_sync)
            {
                pager = _handler.Log;
            }

            var chunk = new byte[1 + LogPager.ChunkFrameLength];
            chunk[0] = LogNotification;
            var frame = new byte[LogPager.ChunkFrameLength];
            while (pager != null && pager.TryNextChunk(frame, out var length))
            {
                Array.Copy(frame, 0, chunk, 1, length);
                await client.SendAsync(chunk.AsSpan(0, 1 + length).ToArray());
            }
        }

        /// <summary>
        /// After this client's ReadReport, every channel's report line to it, as notifications on Command: all read in one
        /// look between two steps, so no line mixes two ticks and no other client's write takes them.
        /// </summary>
        private async Task SendReportAsync(Client client)
        {
            var lines = await InspectAsync(_ =>
            {
                var frames = new List<byte[]>();
                var line = new byte[ProtocolFrames.ChannelReportLength];
                while (_handler.TryNextReport(line))
                {
                    var frame = new byte[1 + ProtocolFrames.ChannelReportLength];
                    frame[0] = CommandNotification;
                    Array.Copy(line, 0, frame, 1, line.Length);
                    frames.Add(frame);
                }

                return frames;
            });
            foreach (var frame in lines)
            {
                await client.SendAsync(frame);
            }
        }

        private static async Task Drain(WebSocket socket, byte[] buffer, CancellationToken cancel)
        {
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, cancel);
            }
            while (!received.EndOfMessage);
        }

        /// <summary>One message from a client: the envelope byte, then the frame as it would be written over BLE.</summary>
        private byte[] Handle(Client client, byte[] message, int length)
        {
            if (length < 1)
            {
                return new[] { WriteResponse, (byte)ProtocolError.BadLength };
            }

            var frame = new byte[length - 1];
            Array.Copy(message, 1, frame, 0, frame.Length);
            lock (_sync)
            {
                var before = _handler.LastTicket;
                ProtocolError error;
                switch (message[0])
                {
                    case WriteCommand:
                        error = _handler.HandleCommand(frame, frame.Length, client.IsAuthenticated);
                        break;
                    case WriteConfig:
                        error = _handler.HandleConfig(frame, frame.Length, client.IsAuthenticated);
                        break;
                    case WriteEmergencyStop:
                        error = _handler.HandleEmergencyStop();
                        break;
                    case ReadConfig:
                        var read = new byte[1 + ProtocolFrames.ConfigValueLength];
                        read[0] = ConfigRead;
                        ProtocolFrames.WriteConfigValue(read, 1, _handler.SelectedSetting, _controller.Settings.Get(_handler.SelectedSetting));
                        return read;
                    default:
                        error = ProtocolError.UnknownOpcode;
                        break;
                }

                if (error == ProtocolError.Ok && _handler.LastTicket != before)
                {
                    _pending.Add((client, _handler.LastTicket, (int)_handler.LastOpcode));
                }

                return new[] { WriteResponse, (byte)error };
            }
        }

        private byte[] EncodeStatus()
        {
            lock (_sync)
            {
                _status[0] = StatusMessage;
                var at = 1 + ProtocolFrames.WriteSessionStatus(_status, 1, _controller);
                for (var i = 0; i < _controller.ChannelCount; i++)
                {
                    at += ProtocolFrames.WriteChannelStatus(_status, at, _controller, i);
                }

                return _status.AsSpan(0, at).ToArray();
            }
        }

        private void SendResults()
        {
            List<(Client Client, byte[] Frame)> done = null;
            lock (_sync)
            {
                // Oldest first, so a client reads its results in the order it wrote.
                for (var i = 0; i < _pending.Count;)
                {
                    var (client, ticket, opcode) = _pending[i];
                    if (_controller.Commands.TryGetResult(ticket, out var result))
                    {
                        var frame = new byte[1 + ProtocolFrames.ResultLength];
                        frame[0] = CommandNotification;
                        ProtocolFrames.WriteResult(frame, 1, ticket, opcode, result);
                        (done ??= new List<(Client, byte[])>()).Add((client, frame));
                        _pending.RemoveAt(i);
                    }
                    else
                    {
                        i++;
                    }
                }
            }

            if (done != null)
            {
                foreach (var (client, frame) in done)
                {
                    client.SendAsync(frame).GetAwaiter().GetResult();
                }
            }
        }

        private void Broadcast(byte[] message)
        {
            Client[] clients;
            lock (_sync)
            {
                clients = _clients.ToArray();
            }

            foreach (var client in clients)
            {
                client.SendAsync(message).GetAwaiter().GetResult();
            }
        }

        private void BroadcastText(string text)
        {
            Client[] clients;
            lock (_sync)
            {
                clients = _clients.ToArray();
            }

            foreach (var client in clients)
            {
                client.SendTextAsync(text).GetAwaiter().GetResult();
            }
        }

        private sealed class Client
        {
            private readonly WebSocket _socket;
            private readonly SemaphoreSlim _send = new SemaphoreSlim(1, 1);

            public Client(WebSocket socket, bool isAuthenticated)
            {
                _socket = socket;
                IsAuthenticated = isAuthenticated;
            }

            public bool IsAuthenticated { get; }

            public void Abort() => _socket.Abort();

            public Task SendAsync(byte[] message) => Send(message, WebSocketMessageType.Binary);

            public Task SendTextAsync(string text) => Send(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

            /// <summary>
            /// Sends, giving a client that stopped reading <see cref="SendTimeoutMilliseconds"/>: a client that went away
            /// or stalls loses its messages, and never stops the simulation.
            /// </summary>
            private async Task Send(byte[] message, WebSocketMessageType type)
            {
                await _send.WaitAsync();
                try
                {
                    if (_socket.State == WebSocketState.Open)
                    {
                        using var timeout = new CancellationTokenSource(SendTimeoutMilliseconds);
                        await _socket.SendAsync(message, type, true, timeout.Token);
                    }
                }
                catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
                {
                    // Gone or stalled: the receive loop removes it.
                }
                finally
                {
                    _send.Release();
                }
            }
        }
    }
}
