// SPDX-License-Identifier: MIT

using System;
using System.Collections.Generic;
using System.Threading;

namespace Balancer.DeviceCost
{
    /// <summary>
    /// The counters the instrumented device code calls. One measurement at a time holds <see cref="Gate"/>; the
    /// instrumented assemblies bind to this very class (the load context hands them this assembly).
    /// </summary>
    public static class DeviceCostProbe
    {
        /// <summary>Values of <see cref="NativeCallKind"/>.</summary>
        public const int NativeKindCount = 7;

        /// <summary>Values of <see cref="AllocationKind"/>.</summary>
        public const int AllocationKindCount = 7;

        private static long[] _blockPasses = Array.Empty<long>();
        private static long _i2cBytesWritten;
        private static long _i2cBytesRead;
        private static long _structArrayElements;
        private static List<(object Value, int Site)> _objects;

        /// <summary>Held for the length of one measurement: the counters are process-wide.</summary>
        public static object Gate { get; } = new object();

        /// <summary>Passes through each block since the last <see cref="Reset"/>.</summary>
        public static long[] BlockPasses => _blockPasses;

        /// <summary>Bytes written to I²C devices (pointer and data bytes, address bytes not included).</summary>
        public static long I2cBytesWritten => Interlocked.Read(ref _i2cBytesWritten);

        /// <summary>Bytes read from I²C devices.</summary>
        public static long I2cBytesRead => Interlocked.Read(ref _i2cBytesRead);

        /// <summary>Heap blocks taken by the elements of struct arrays created by <c>newarr</c>.</summary>
        public static long StructArrayElements => Interlocked.Read(ref _structArrayElements);

        /// <summary>Zeroes every counter for a table of <paramref name="blockCount"/> blocks.</summary>
        public static void Reset(int blockCount)
        {
            if (_blockPasses.Length != blockCount)
            {
                _blockPasses = new long[blockCount];
            }
            else
            {
                Array.Clear(_blockPasses);
            }

            _i2cBytesWritten = 0;
            _i2cBytesRead = 0;
            _structArrayElements = 0;
        }

        /// <summary>Called at the start of every block of the instrumented code.</summary>
        public static void Pass(int block) => _blockPasses[block]++;

        /// <summary>Called before <c>II2cDevice.Write(buffer, length)</c>.</summary>
        public static void I2cWrite(int length) => _i2cBytesWritten += length;

        /// <summary>Called before <c>II2cDevice.WriteRead(writeBuffer, writeLength, readBuffer, readLength)</c>.</summary>
        public static void I2cWriteRead(int writeLength, int readLength)
        {
            _i2cBytesWritten += writeLength;
            _i2cBytesRead += readLength;
        }

        /// <summary>Called before <c>newarr</c> of a struct type: each element is a heap block of its own.</summary>
        public static void StructArray(int length, int blocksPerElement) => _structArrayElements += (long)length * blocksPerElement;

        /// <summary>Starts keeping every object the device code makes (see <see cref="Allocated"/>), until <see cref="EndObjects"/>.</summary>
        public static void BeginObjects() => _objects = new List<(object Value, int Site)>();

        /// <summary>Stops keeping objects and returns those made since <see cref="BeginObjects"/>, in order, with their site.</summary>
        public static List<(object Value, int Site)> EndObjects()
        {
            var objects = _objects ?? new List<(object Value, int Site)>();
            _objects = null;
            return objects;
        }

        /// <summary>
        /// Called after an instruction that makes a heap object (<see cref="InstrumentedAssemblies.Sites"/>) with the
        /// object; kept only between <see cref="BeginObjects"/> and <see cref="EndObjects"/>.
        /// </summary>
        public static void Allocated(object value, int site)
        {
            if (value != null)
            {
                _objects?.Add((value, site));
            }
        }
    }
}
