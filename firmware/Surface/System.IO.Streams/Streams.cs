// API surface: nanoFramework.System.IO.Streams 1.1.96, assembly System.IO.Streams.
// Declarations typed from nanoframework/System.IO.Streams (tag v1.1.96), System.IO.Streams/Stream.cs and SeekOrigin.cs.
// Declaration-only: every body throws. Only the members the device code uses (through FileStream) appear here; the
// package's Stream also has CanTimeout, Read/WriteTimeout, CopyTo, Read(SpanByte), ReadByte and WriteByte, and both
// types carry [Serializable], which changes nothing for a caller.

namespace System.IO
{
    public enum SeekOrigin
    {
        Begin = 0,
        Current = 1,
        End = 2,
    }

    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        public abstract bool CanRead { get; }
        public abstract bool CanSeek { get; }
        public abstract bool CanWrite { get; }
        public abstract long Length { get; }
        public abstract long Position { get; set; }
        public virtual void Close() => throw null;
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
        public abstract void Flush();
        public abstract long Seek(long offset, SeekOrigin origin);
        public abstract void SetLength(long value);
        public abstract int Read(byte[] buffer, int offset, int count);
        public abstract void Write(byte[] buffer, int offset, int count);
    }
}
