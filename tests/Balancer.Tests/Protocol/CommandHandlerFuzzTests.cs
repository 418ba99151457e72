// SPDX-License-Identifier: MIT

using System;
using System.Linq;
using Balancer.Core.Protocol;
using Balancer.Tests.Control;
using Xunit;

namespace Balancer.Tests.Protocol
{
    /// <summary>A million writes a radio or a hostile client could send, none of which may throw, change anything when refused, or start anything unauthenticated.</summary>
    public class CommandHandlerFuzzTests
    {
        private const int Writes = 1_000_000;

        [Fact]
        public void A_Million_Random_And_Mutated_Writes_Never_Throw_And_A_Refused_One_Changes_Nothing()
        {
            var random = new Random(20261203);
            var rig = new ControlRig(4);
            var handler = new CommandHandler(rig.Controller, 4_242);
            var valid = ProtocolVectorTests.Vectors.GetProperty("writes").EnumerateArray()
                .Where(w => w.GetProperty("error").GetString() == "Ok" && w.GetProperty("characteristic").GetString() != "emergencyStop")
                .Select(w => Convert.FromHexString(w.GetProperty("hex").GetString())).ToArray();
            var buffer = new byte[40];
            var seen = new int[Enum.GetValues<ProtocolError>().Length];
            var unauthenticatedAccepted = 0;

            for (var i = 0; i < Writes; i++)
            {
                var length = Next(random, valid, buffer);
                // A stop cancels every waiting command, so stops come rarely enough (one write in 250) for the queue to fill
                // between them.
                var characteristic = random.Next(250) == 0 ? 2 : random.Next(2);
                var authenticated = random.Next(2) == 1;
                var queued = rig.Controller.Commands.Count;
                var passkey = handler.Passkey;
                var selected = handler.SelectedSetting;

                var error = characteristic switch
                {
                    0 => handler.HandleCommand(buffer, length, authenticated),
                    1 => handler.HandleConfig(buffer, length, authenticated),
                    _ => handler.HandleEmergencyStop(),
                };

                seen[(int)error]++;
                if (characteristic == 2)
                {
                    Assert.Equal(ProtocolError.Ok, error);
                    continue;
                }

                if (error != ProtocolError.Ok)
                {
                    Assert.Equal(queued, rig.Controller.Commands.Count);
                    Assert.Equal(passkey, handler.Passkey);
                    Assert.Equal(selected, handler.SelectedSetting);
                }
                else if (!authenticated)
                {
                    unauthenticatedAccepted++;
                }

                if (error == ProtocolError.QueueFull)
                {
                    // The loop drains the queue between ticks; here, once it has refused.
                    rig.Controller.DrainCommands();
                }
            }

            Assert.Equal(0, unauthenticatedAccepted);
            Assert.All(Enum.GetValues<ProtocolError>(), e => Assert.True(seen[(int)e] > 10, $"{e} seen {seen[(int)e]} times"));
        }

        /// <summary>Half the writes are a valid write mutated (a flipped bit, a changed byte, cut short or grown), half are random bytes.</summary>
        private static int Next(Random random, byte[][] valid, byte[] buffer)
        {
            if (random.Next(2) == 0)
            {
                var length = random.Next(buffer.Length + 1);
                random.NextBytes(buffer.AsSpan(0, length));
                if (length > 0 && random.Next(2) == 0)
                {
                    buffer[0] = 1; // past the version check, so the rest of the handler is reached
                }

                return length;
            }

            var seed = valid[random.Next(valid.Length)];
            seed.CopyTo(buffer, 0);
            var size = seed.Length;
            switch (random.Next(5))
            {
                case 0:
                    buffer[random.Next(size)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    buffer[random.Next(size)] = (byte)random.Next(256);
                    break;
                case 2:
                    size = random.Next(size);
                    break;
                case 3:
                    var grown = Math.Min(buffer.Length, size + 1 + random.Next(4));
                    random.NextBytes(buffer.AsSpan(size, grown - size));
                    size = grown;
                    break;
                default:
                    break; // the valid write itself
            }

            return size;
        }
    }
}
