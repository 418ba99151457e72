// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Balancer.Core.Events;
using Balancer.Core.Log;
using Balancer.Core.Protocol;
using Balancer.Simulator;
using Balancer.Simulator.Output;
using Balancer.Simulator.Scenarios;
using Balancer.Simulator.Serve;
using Xunit;

namespace Balancer.Tests.Simulator
{
    /// <summary>`serve`: a scenario behind a real WebSocket on 127.0.0.1, driven by a real client, as the dashboard will.</summary>
    public class ServeTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

        [Fact]
        public async Task Status_Arrives_Once_A_Simulated_Second_With_A_Record_Per_Channel()
        {
            await using var server = await Start(speed: 10);
            using var run = new CancellationTokenSource();
            using var client = await Connect(server, token: null);
            var running = server.RunAsync(run.Token);

            var uptimes = new int[6];
            for (var i = 0; i < uptimes.Length; i++)
            {
                var message = await ReceiveStatus(client);
                Assert.Equal(1 + ProtocolFrames.SessionStatusLength + (4 * ProtocolFrames.ChannelStatusLength), message.Length);
                Assert.Equal(4, message[1 + 7]); // the session record's channel count
                uptimes[i] = BitConverter.ToInt32(message, 1 + 12);
            }

            run.Cancel();
            await Ended(running);
            Assert.All(uptimes.Zip(uptimes.Skip(1)), p => Assert.InRange(p.Second - p.First, 1, 2));
        }

        [Fact]
        public async Task A_Start_Without_The_Token_Is_Refused_And_A_Stop_Needs_None()
        {
            await using var server = await Start(speed: 10);
            using var run = new CancellationTokenSource();
            using var client = await Connect(server, token: null);
            var running = server.RunAsync(run.Token);

            var start = await Write(client, SimulatorServer.WriteCommand, 1, (byte)CommandOpcode.Start, 1, 0);
            var config = await Write(client, SimulatorServer.WriteConfig, 1, (byte)CommandOpcode.ConfigSet, 5, 5, 4, 0, 0, 0);
            var stop = await Write(client, SimulatorServer.WriteEmergencyStop);
            var stopped = await ReceiveStatusWhere(client, m => (m[1 + 6] & ProtocolFrames.EmergencyStoppedFlag) != 0);

            run.Cancel();
            await Ended(running);
            Assert.Equal(ProtocolError.NotAuthenticated, start);
            Assert.Equal(ProtocolError.NotAuthenticated, config);
            Assert.Equal(ProtocolError.Ok, stop);
            Assert.NotNull(stopped);
            Assert.Contains(server.Simulation.Events, e => e.Note == null && e.Event.Kind == EventKind.EmergencyStop);
            Assert.All(server.Simulation.Board.Coils, c => Assert.False(c.IsHigh));
        }

        [Fact]
        public async Task A_Stop_With_The_Token_Opens_The_Channels_Relay_And_Its_Result_Comes_Back()
        {
            await using var server = await Start(speed: 20);
            using var run = new CancellationTokenSource();
            using var client = await Connect(server, server.Token);
            var running = server.RunAsync(run.Token);

            // Channel 0 charging: its record says the relay is closed.
            await ReceiveStatusWhere(client, m => (m[1 + ProtocolFrames.SessionStatusLength + 4] & ProtocolFrames.RelayClosedFlag) != 0);
            var sent = await Write(client, SimulatorServer.WriteCommand, 1, (byte)CommandOpcode.Stop, 1, 0);
            var result = await Receive(client, m => m[0] == SimulatorServer.CommandNotification);

            run.Cancel();
            await Ended(running);
            Assert.Equal(ProtocolError.Ok, sent);
            Assert.Equal((byte)CommandOpcode.Stop, result[1 + 7]);
            Assert.Equal(0, BitConverter.ToInt32(result, 1 + 8)); // CommandResult.Ok
            var opened = server.Simulation.Events.Last(e => e.Note == null && e.Event.Kind == EventKind.RelayChanged && e.Event.Channel == 0);
            Assert.Equal(0, opened.Event.Value);
            Assert.False(server.Simulation.Board.Coils[0].IsHigh);
        }

        [Fact]
        public async Task The_Recovery_Log_Pages_Out_To_A_Client_With_The_Token_And_Reads_As_The_Devices()
        {
            await using var server = await Start(speed: 600);
            using var run = new CancellationTokenSource();
            using var client = await Connect(server, server.Token);
            using var stranger = await Connect(server, null);
            var running = server.RunAsync(run.Token);

            // Ten simulated minutes: the session's start, its clip checks and first checkpoints are on the flash.
            await ReceiveStatusWhere(client, m => BitConverter.ToInt32(m, 1 + 12) >= 600);
            var refused = await Write(stranger, SimulatorServer.WriteCommand, 1, (byte)CommandOpcode.ReadLog, 4, 0, 0, 0, 0);
            var accepted = await Write(client, SimulatorServer.WriteCommand, 1, (byte)CommandOpcode.ReadLog, 4, 0, 0, 0, 0);
            var bytes = new List<byte>();
            while (true)
            {
                var chunk = await Receive(client, m => m[0] == SimulatorServer.LogNotification);
                Assert.Equal(bytes.Count, BitConverter.ToInt32(chunk, 1 + 3)); // in order, from offset 0
                if (chunk.Length == 1 + 7)
                {
                    break;
                }

                bytes.AddRange(chunk.Skip(1 + 7));
            }

            run.Cancel();
            await Ended(running);
            Assert.Equal(ProtocolError.NotAuthenticated, refused);
            Assert.Equal(ProtocolError.Ok, accepted);
            var log = LogReport.Read(bytes.ToArray());
            Assert.Equal(0, log.CorruptRecords);
            Assert.Equal(0, log.TornTailBytes);
            var session = Assert.Single(log.Sessions);
            Assert.Equal(SessionEnding.Open, session.Ending);
            Assert.Equal(server.Simulation.Scenario.Channels.Count, session.Lines.Count);
            Assert.Equal(3, session.Lines.Count(l => l.DeliveredMilliampereHours > 0)); // the three weak groups charging; the fourth, the reference, only watches
        }

        private static async Task<SimulatorServer> Start(double speed) =>
            await SimulatorServer.StartAsync(new Simulation(ScenarioLoader.Load(Program.Resolve("m365-three-weak-groups"))), speed, port: 0);

        private static async Task<ClientWebSocket> Connect(SimulatorServer server, string token)
        {
            var client = new ClientWebSocket();
            var address = token == null ? server.Address : new Uri(server.Address + "?token=" + token);
            await client.ConnectAsync(address, new CancellationTokenSource(Patience).Token);
            return client;
        }

        private static async Task Ended(Task running)
        {
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // Cancelled before its first step.
            }
        }

        /// <summary>Sends one message (envelope and frame) and waits for its write response, skipping status on the way.</summary>
        private static async Task<ProtocolError> Write(ClientWebSocket client, params byte[] message)
        {
            await client.SendAsync(message, WebSocketMessageType.Binary, true, CancellationToken.None);
            var response = await Receive(client, m => m[0] == SimulatorServer.WriteResponse);
            Assert.Equal(2, response.Length);
            return (ProtocolError)response[1];
        }

        private static Task<byte[]> ReceiveStatus(ClientWebSocket client) => Receive(client, m => m[0] == SimulatorServer.StatusMessage);

        private static Task<byte[]> ReceiveStatusWhere(ClientWebSocket client, Func<byte[], bool> condition) =>
            Receive(client, m => m[0] == SimulatorServer.StatusMessage && condition(m));

        private static async Task<byte[]> Receive(ClientWebSocket client, Func<byte[], bool> wanted)
        {
            using var timeout = new CancellationTokenSource(Patience);
            var buffer = new byte[4096];
            while (true)
            {
                var received = await client.ReceiveAsync(buffer, timeout.Token);
                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    var message = buffer.AsSpan(0, received.Count).ToArray();
                    if (wanted(message))
                    {
                        return message;
                    }
                }
            }
        }
    }
}
