// API surface: nanoFramework.System.IO.FileSystem 1.1.93, assembly System.IO.FileSystem.
// Declarations typed from nanoframework/System.IO.FileSystem (tag v1.1.93), System.IO.FileSystem/FileStream.cs,
// FileMode.cs, FileAccess.cs, FileShare.cs and File.cs. Declaration-only: every body throws. Only the members the
// device code uses appear here.
//
// On the ESP32 the internal drive I: is LittleFS (nf-interpreter targets/ESP32/_littlefs). FileStream.Flush there is an
// fflush, which does not commit; only Close (lfs_file_close) does, so the device's record file closes to commit.

namespace System.IO
{
    public enum FileMode
    {
        CreateNew = 1,
        Create = 2,
        Open = 3,
        OpenOrCreate = 4,
        Truncate = 5,
        Append = 6,
    }

    [Flags]
    public enum FileAccess
    {
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }

    [Flags]
    public enum FileShare
    {
        None = 0,
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode) => throw null;
        public FileStream(string path, FileMode mode, FileAccess access) => throw null;
        public FileStream(string path, FileMode mode, FileAccess access, FileShare share) => throw null;
        public override bool CanRead => throw null;
        public override bool CanSeek => throw null;
        public override bool CanWrite => throw null;
        public override long Length => throw null;
        public override long Position { get => throw null; set => throw null; }
        public string Name => throw null;
        public override void Close() => throw null;
        protected override void Dispose(bool disposing) => throw null;
        public override void Flush() => throw null;
        public override int Read(byte[] buffer, int offset, int count) => throw null;
        public override long Seek(long offset, SeekOrigin origin) => throw null;
        public override void SetLength(long value) => throw null;
        public override void Write(byte[] buffer, int offset, int count) => throw null;
    }

    public static class File
    {
        public static void Delete(string path) => throw null;
        public static bool Exists(string path) => throw null;
    }
}
