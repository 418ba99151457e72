// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Balancer.Core;
using Balancer.Core.Control;
using Balancer.Core.Log;
using Balancer.Core.Protocol;
using Balancer.Core.Reporting;
using Balancer.Core.Settings;
using Balancer.Drivers.Ntc;
using Balancer.Simulator.Storage;
using Balancer.Tests.Control;
using Balancer.Tests.Documentation;
using Xunit;

namespace Balancer.Tests.Protocol
{
    /// <summary>
    /// docs/protocol-vectors.json, the contract every decoder passes: each frame decodes to its stated meaning and the
    /// firmware's encoder writes those bytes from that meaning; each write gets its stated error and queues what it says.
    /// The vectors were written from docs/protocol.md's tables, not from this code.
    /// </summary>
    public class ProtocolVectorTests
    {
        internal static readonly JsonElement Vectors = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(ControlCoreDocumentTests.RepositoryRoot(), "docs", "protocol-vectors.json"))).RootElement;

        private static readonly string[] ChannelFlags = { "relayClosed", "sensorValid", "calibrated", "monitor", "rested", "awaitingConfirmation" };
        private static readonly string[] SessionFlags = { "healthy", "emergencyStopped", "alarm", "calibrating" };

        public static IEnumerable<object[]> Frames() => Vectors.GetProperty("frames").EnumerateArray().Select(f => new object[] { f.GetProperty("name").GetString() });

        public static IEnumerable<object[]> Writes() => Vectors.GetProperty("writes").EnumerateArray().Select(f => new object[] { f.GetProperty("name").GetString() });

        [Fact]
        public void The_Vectors_Cover_Every_Frame_Type_Every_Opcode_And_Every_Error()
        {
            var frames = Vectors.GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("type").GetString()).ToHashSet();
            Assert.Equal(new[] { "channelReport", "channelStatus", "configValue", "logChunk", "result", "sessionStatus" }, frames.OrderBy(t => t, StringComparer.Ordinal));
            var writes = Vectors.GetProperty("writes").EnumerateArray().ToList();
            var opcodes = writes.Where(w => w.GetProperty("error").GetString() == "Ok" && w.GetProperty("characteristic").GetString() != "emergencyStop")
                .Select(w => (int)Convert.FromHexString(w.GetProperty("hex").GetString())[1]).ToHashSet();
            Assert.All(Enum.GetValues<CommandOpcode>(), o => Assert.Contains((int)o, opcodes));
            var errors = writes.Select(w => w.GetProperty("error").GetString()).ToHashSet();
            Assert.All(Enum.GetNames<ProtocolError>().Where(e => e != nameof(ProtocolError.QueueFull)), e => Assert.Contains(e, errors));
        }

        [Theory]
        [MemberData(nameof(Frames))]
        public void A_Frame_Decodes_To_Its_Meaning_And_The_Firmware_Encodes_That_Meaning_To_Its_Bytes(string name)
        {
            var vector = Vectors.GetProperty("frames").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);
            var bytes = Convert.FromHexString(vector.GetProperty("hex").GetString());
            var fields = vector.GetProperty("fields");
            var type = vector.GetProperty("type").GetString();

            var decoded = FrameDecoder.Decode(bytes);
            foreach (var field in fields.EnumerateObject())
            {
                Assert.True(decoded.ContainsKey(field.Name), $"{name}: {field.Name} not decoded");
                Assert.Equal(Text(field.Value), decoded[field.Name]);
            }

            if (!vector.GetProperty("encodable").GetBoolean())
            {
                return;
            }

            var buffer = new byte[bytes.Length + 2];
            var written = type switch
            {
                "channelStatus" => EncodeChannel(buffer, fields),
                "sessionStatus" => EncodeSession(buffer, fields),
                "result" => ProtocolFrames.WriteResult(buffer, 1, fields.GetProperty("ticket").GetInt32(), fields.GetProperty("opcode").GetInt32(), fields.GetProperty("result").GetInt32()),
                "channelReport" => EncodeReport(buffer, fields),
                _ => ProtocolFrames.WriteConfigValue(buffer, 1, (SettingId)fields.GetProperty("setting").GetInt32(), fields.GetProperty("value").GetInt32()),
            };
            Assert.Equal(bytes.Length, written);
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(buffer, 1, written));
        }

        [Theory]
        [MemberData(nameof(Writes))]
        public void A_Write_Gets_Its_Error_And_Queues_What_It_Says(string name)
        {
            var vector = Vectors.GetProperty("writes").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);
            var rig = new ControlRig(Vectors.GetProperty("channels").GetInt32());
            var handler = new CommandHandler(rig.Controller, 123_456);
            if (!vector.TryGetProperty("log", out var hasLog) || hasLog.GetBoolean())
            {
                var log = new RecoveryLog(new FlashFileEmulator(), new FlashFileEmulator(), RecoveryJournal.DefaultCapBytes);
                log.Open();
                handler.Log = new LogPager(log);
            }

            var bytes = Convert.FromHexString(vector.GetProperty("hex").GetString());
            var authenticated = vector.GetProperty("authenticated").GetBoolean();

            var error = vector.GetProperty("characteristic").GetString() switch
            {
                "command" => handler.HandleCommand(bytes, bytes.Length, authenticated),
                "config" => handler.HandleConfig(bytes, bytes.Length, authenticated),
                _ => handler.HandleEmergencyStop(),
            };

            Assert.Equal(vector.GetProperty("error").GetString(), error.ToString());
            if (vector.TryGetProperty("queued", out var queued))
            {
                Assert.True(rig.Controller.Commands.TryPeekNewest(out var command, out var channel, out var value, out var argument));
                Assert.Equal(queued.GetProperty("command").GetString(), command.ToString());
                Assert.Equal(queued.GetProperty("channel").GetInt32(), channel);
                Assert.Equal(queued.GetProperty("value").GetInt32(), value);
                Assert.Equal(queued.GetProperty("argument").GetInt32(), argument);
                Assert.Equal(1, rig.Controller.Commands.Count);
            }
            else
            {
                Assert.Equal(0, rig.Controller.Commands.Count);
            }

            Assert.Equal(vector.TryGetProperty("passkey", out var passkey) ? passkey.GetInt32() : 123_456, handler.Passkey);
            Assert.Equal(vector.TryGetProperty("selectedSetting", out var selected) ? selected.GetInt32() : (int)SettingId.TargetMode, (int)handler.SelectedSetting);
            Assert.Equal(vector.GetProperty("characteristic").GetString() == "emergencyStop", IsStopRequested(rig));
            Assert.Equal(error == ProtocolError.Ok && bytes.Length > 1 && bytes[1] == (byte)CommandOpcode.ReadLog, handler.Log?.IsActive ?? false);

            // A ReadReport that is taken arms one line per channel, in order; any other write arms none.
            var line = new byte[ProtocolFrames.ChannelReportLength];
            var reported = 0;
            while (handler.TryNextReport(line))
            {
                Assert.Equal(reported++, line[3]);
            }

            var isReport = error == ProtocolError.Ok && vector.GetProperty("characteristic").GetString() == "command" && bytes.Length > 1 && bytes[1] == (byte)CommandOpcode.ReadReport;
            Assert.Equal(isReport ? rig.Controller.ChannelCount : 0, reported);
        }

        /// <summary>A field of a vector as the decoder gives it: a list comma-joined, null empty.</summary>
        private static string Text(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Array => string.Join(",", value.EnumerateArray().Select(e => e.GetString())),
            JsonValueKind.Null => string.Empty,
            _ => value.ToString(),
        };

        private static bool IsStopRequested(ControlRig rig)
        {
            rig.Tick();
            return rig.Controller.IsEmergencyStopped;
        }

        private static int EncodeChannel(byte[] buffer, JsonElement f)
        {
            var flags = f.GetProperty("flags").EnumerateArray().Select(e => e.GetString()).ToHashSet();
            var rested = flags.Contains("rested");
            var status = new ChannelStatus
            {
                State = Enum.Parse<ChannelState>(f.GetProperty("state").GetString()),
                IsRelayClosed = flags.Contains("relayClosed"),
                IsSensorValid = flags.Contains("sensorValid"),
                Mode = flags.Contains("monitor") ? ChannelMode.MonitorOnly : ChannelMode.Charge,
                CheckStep = flags.Contains("awaitingConfirmation") ? CheckStep.AwaitingConfirmation : CheckStep.None,
                OcvMillivolts = rested ? f.GetProperty("millivolts").GetInt32() : 0,
                GroupMillivolts = rested ? 0 : f.GetProperty("millivolts").GetInt32(),
                CurrentMilliamperes = f.GetProperty("milliamperes").GetInt32(),
                TemperatureDeciCelsius = f.GetProperty("deciCelsius").ValueKind == JsonValueKind.Null ? 0 : f.GetProperty("deciCelsius").GetInt32(),
                TemperatureStatus = f.GetProperty("deciCelsius").ValueKind == JsonValueKind.Null ? NtcStatus.Open : NtcStatus.Ok,
                DeliveredMilliampereHours = f.GetProperty("milliampereHours").GetInt32(),
                Fault = Enum.Parse<FaultCode>(f.GetProperty("fault").GetString()),
            };
            var minutes = f.GetProperty("minutesToTarget").ValueKind == JsonValueKind.Null ? -1 : f.GetProperty("minutesToTarget").GetInt32();
            return ProtocolFrames.WriteChannelStatus(buffer, 1, f.GetProperty("channel").GetInt32(), ref status, f.GetProperty("faultValue").GetInt32(), flags.Contains("calibrated"), minutes);
        }

        private static int EncodeReport(byte[] buffer, JsonElement f)
        {
            int OrZero(string name) => f.GetProperty(name).ValueKind == JsonValueKind.Null ? 0 : f.GetProperty(name).GetInt32();
            var line = new ChannelReport
            {
                Channel = f.GetProperty("channel").GetInt32(),
                Verdict = Enum.Parse<Verdict>(f.GetProperty("verdict").GetString()),
                StartOcvMillivolts = OrZero("startMillivolts"),
                EndOcvMillivolts = OrZero("endMillivolts"),
                DeliveredMilliampereHours = f.GetProperty("milliampereHours").GetInt32(),
                ChargeSeconds = f.GetProperty("chargeMinutes").GetInt32() * 60,
                HasSelfDischarge = f.GetProperty("selfDischargeMicrovoltsPerHour").ValueKind != JsonValueKind.Null,
                SelfDischargeMicrovoltsPerHour = OrZero("selfDischargeMicrovoltsPerHour"),
                Fault = Enum.Parse<FaultCode>(f.GetProperty("fault").GetString()),
                FaultValue = f.GetProperty("faultValue").GetInt32(),
            };
            return ProtocolFrames.WriteChannelReport(buffer, 1, ref line);
        }

        private static int EncodeSession(byte[] buffer, JsonElement f)
        {
            var flags = f.GetProperty("flags").EnumerateArray().Select(e => e.GetString()).ToHashSet();
            var status = new BalancerStatus(1)
            {
                IsHealthy = flags.Contains("healthy"),
                IsEmergencyStopped = flags.Contains("emergencyStopped"),
                IsAlarmSounding = flags.Contains("alarm"),
                TargetMillivolts = f.GetProperty("targetMillivolts").GetInt32(),
                BoardDeciCelsius = f.GetProperty("boardDeciCelsius").ValueKind == JsonValueKind.Null ? 0 : f.GetProperty("boardDeciCelsius").GetInt32(),
                BoardStatus = f.GetProperty("boardDeciCelsius").ValueKind == JsonValueKind.Null ? NtcStatus.Short : NtcStatus.Ok,
                SupplyMillivolts = f.GetProperty("supplyMillivolts").GetInt32(),
                TimeMilliseconds = f.GetProperty("uptimeSeconds").GetInt64() * 1000 + 999,
                CalibratedChannelMask = f.GetProperty("calibratedChannels").GetInt32(),
            };
            return ProtocolFrames.WriteSessionStatus(buffer, 1, status, Enum.Parse<TargetMode>(f.GetProperty("targetMode").GetString()), f.GetProperty("channels").GetInt32(), flags.Contains("calibrating"));
        }

        /// <summary>A decoder written from docs/protocol.md's tables, as a client would: field names as in the vectors.</summary>
        private static class FrameDecoder
        {
            public static Dictionary<string, string> Decode(byte[] b)
            {
                Assert.Equal(1, b[0]);
                Assert.Equal(b.Length - 3, b[2]);
                var d = new Dictionary<string, string>();
                short I16(int at) => BitConverter.ToInt16(b, at);
                ushort U16(int at) => BitConverter.ToUInt16(b, at);
                int I32(int at) => BitConverter.ToInt32(b, at);
                string Flags(int value, string[] names) => string.Join(",", names.Where((_, i) => (value & (1 << i)) != 0));
                switch (b[1])
                {
                    case 1:
                        d["channel"] = (b[3] >> 4).ToString();
                        d["state"] = ((ChannelState)(b[3] & 0x0F)).ToString();
                        d["flags"] = Flags(b[4], ChannelFlags);
                        d["millivolts"] = U16(5).ToString();
                        d["milliamperes"] = I16(7).ToString();
                        d["deciCelsius"] = I16(9) == short.MinValue ? string.Empty : I16(9).ToString();
                        d["milliampereHours"] = U16(11).ToString();
                        d["fault"] = ((FaultCode)b[13]).ToString();
                        d["faultValue"] = I32(14).ToString();
                        d["minutesToTarget"] = U16(18) == ushort.MaxValue ? string.Empty : U16(18).ToString();
                        break;
                    case 2:
                        d["targetMode"] = ((TargetMode)b[3]).ToString();
                        d["targetMillivolts"] = U16(4).ToString();
                        d["flags"] = Flags(b[6], SessionFlags);
                        d["channels"] = b[7].ToString();
                        d["boardDeciCelsius"] = I16(8) == short.MinValue ? string.Empty : I16(8).ToString();
                        d["supplyMillivolts"] = U16(10).ToString();
                        d["uptimeSeconds"] = I32(12).ToString();
                        d["calibratedChannels"] = U16(16).ToString();
                        break;
                    case 3:
                        d["ticket"] = I32(3).ToString();
                        d["opcode"] = b[7].ToString();
                        d["result"] = I32(8).ToString();
                        break;
                    case 4:
                        d["setting"] = b[3].ToString();
                        d["value"] = I32(4).ToString();
                        d["minimum"] = I32(8).ToString();
                        d["maximum"] = I32(12).ToString();
                        d["default"] = I32(16).ToString();
                        break;
                    case 5:
                        d["offset"] = I32(3).ToString();
                        d["bytes"] = Convert.ToHexString(b, 7, b.Length - 7).ToLowerInvariant();
                        break;
                    case 6:
                        d["channel"] = b[3].ToString();
                        d["verdict"] = ((Verdict)b[4]).ToString();
                        d["startMillivolts"] = U16(5) == 0 ? string.Empty : U16(5).ToString();
                        d["endMillivolts"] = U16(7) == 0 ? string.Empty : U16(7).ToString();
                        d["milliampereHours"] = U16(9).ToString();
                        d["chargeMinutes"] = U16(11).ToString();
                        d["selfDischargeMicrovoltsPerHour"] = I16(13) == short.MinValue ? string.Empty : I16(13).ToString();
                        d["fault"] = ((FaultCode)b[15]).ToString();
                        d["faultValue"] = I32(16).ToString();
                        break;
                    default:
                        throw new InvalidDataException($"frame type {b[1]}");
                }

                return d;
            }
        }
    }
}
