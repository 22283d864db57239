namespace InactiveCustomers.Ingestion.Landing;

/// <summary>A read-only view of bytes [start, end) of a file, for validating a file in parts.</summary>
internal sealed class FileRangeStream : Stream
{
    private readonly FileStream _file;
    private readonly long _end;

    public FileRangeStream(string path, long start, long end)
    {
        _file = SequentialFile.OpenRead(path);
        _file.Position = start;
        _end = end;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _file.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        _file.Read(buffer, offset, (int)Math.Min(count, _end - _file.Position));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
