// SPDX-License-Identifier: MIT

// nanoFramework 1.x's only span (mscorlib's System.SpanByte), for the emulated device APIs that take it.

namespace System
{
    /// <summary>A byte view over part of an array.</summary>
    public readonly ref struct SpanByte
    {
        private readonly byte[] _array;
        private readonly int _start;

        /// <summary>The whole array.</summary>
        public SpanByte(byte[] array)
            : this(array, 0, array?.Length ?? 0)
        {
        }

        /// <summary>Part of the array.</summary>
        public SpanByte(byte[] array, int start, int length)
        {
            if (array == null ? start != 0 || length != 0 : start < 0 || length < 0 || start + length > array.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }

            _array = array;
            _start = start;
            Length = length;
        }

        /// <summary>An empty span.</summary>
        public static SpanByte Empty => default;

        /// <summary>Bytes in view.</summary>
        public int Length { get; }

        /// <summary>Whether nothing is in view.</summary>
        public bool IsEmpty => Length == 0;

        /// <summary>A byte in view.</summary>
        public byte this[int index]
        {
            get => _array[Index(index)];
            set => _array[Index(index)] = value;
        }

        /// <summary>The view as an array.</summary>
        public static implicit operator SpanByte(byte[] array) => new(array);

        /// <summary>Copies the view into another.</summary>
        public void CopyTo(SpanByte destination)
        {
            for (var i = 0; i < Length; i++)
            {
                destination[i] = this[i];
            }
        }

        /// <summary>The view from an offset.</summary>
        public SpanByte Slice(int start) => new(_array, _start + start, Length - start);

        /// <summary>Part of the view.</summary>
        public SpanByte Slice(int start, int length) => new(_array, _start + start, length);

        /// <summary>A copy of the bytes in view.</summary>
        public byte[] ToArray()
        {
            var copy = new byte[Length];
            if (Length > 0)
            {
                Array.Copy(_array, _start, copy, 0, Length);
            }

            return copy;
        }

        private int Index(int index)
        {
            if ((uint)index >= (uint)Length)
            {
                throw new IndexOutOfRangeException();
            }

            return _start + index;
        }
    }
}
