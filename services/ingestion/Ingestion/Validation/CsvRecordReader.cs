namespace InactiveCustomers.Ingestion.Validation;

/// <summary>
/// Reads RFC 4180 records from a byte stream without decoding it: LF or CRLF line ends, quoted fields with commas,
/// doubled quotes and line breaks inside them, and a last line with or without its line end. Empty lines are
/// skipped. Line numbers are physical lines (the header is line 1); a record spanning lines has its first line's
/// number (a reader of the second half of a file starts counting at that half's first line). Fields are exposed as
/// UTF-8 byte spans, valid until the next <see cref="MoveNext"/>.
/// </summary>
internal sealed class CsvRecordReader(Stream stream, int initialBufferSize = 1 << 20, int maxRecordBytes = 64 << 20, long firstLine = 1)
{
    private const byte Quote = (byte)'"';
    private const byte Comma = (byte)',';
    private const byte LineFeed = (byte)'\n';
    private const byte CarriageReturn = (byte)'\r';

    private byte[] _buffer = new byte[initialBufferSize];
    private byte[] _scratch = new byte[4096];
    private int _start;
    private int _end;
    private bool _endOfStream;
    private long _nextLine = firstLine;
    private long _consumedBytes;
    private int _recordStart;
    private int _recordLength;
    private readonly List<(int Start, int Length, bool Unescaped)> _fields = [];

    /// <summary>Physical line on which the current record starts.</summary>
    public long Line { get; private set; }

    /// <summary>Bytes of the stream consumed up to the end of the current record, line end included.</summary>
    public long BytesConsumed => _consumedBytes;

    public int FieldCount => _fields.Count;

    /// <summary>The current record had a quoted field that never closed (it ran to the end of the file).</summary>
    public bool UnterminatedQuote { get; private set; }

    /// <summary>The current record's bytes as they were in the file, without its line end.</summary>
    public ReadOnlySpan<byte> Original => _buffer.AsSpan(_recordStart, _recordLength);

    public ReadOnlySpan<byte> Field(int index)
    {
        var (start, length, unescaped) = _fields[index];
        return unescaped ? _scratch.AsSpan(start, length) : _buffer.AsSpan(start, length);
    }

    /// <summary>Skips a UTF-8 byte order mark at the very start; returns the first bytes for encoding checks.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        while (_end - _start < count && !_endOfStream)
        {
            Fill();
        }

        return _buffer.AsSpan(_start, Math.Min(count, _end - _start));
    }

    public void Skip(int count)
    {
        _start += count;
        _consumedBytes += count;
    }

    public bool MoveNext()
    {
        while (true)
        {
            if (_start == _end)
            {
                if (_endOfStream)
                {
                    return false;
                }

                Fill();
                continue;
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var lineEnd = available.IndexOf(LineFeed);
            var hasQuote = (lineEnd >= 0 ? available[..lineEnd] : available).Contains(Quote);
            int length;
            int terminator;
            var innerLines = 0;
            var unterminated = false;
            if (!hasQuote)
            {
                if (lineEnd < 0 && !_endOfStream)
                {
                    Fill();
                    continue;
                }

                length = lineEnd < 0 ? available.Length : lineEnd;
                terminator = lineEnd < 0 ? 0 : 1;
            }
            else if (!FindQuotedRecordEnd(available, out length, out innerLines))
            {
                if (!_endOfStream)
                {
                    Fill();
                    continue;
                }

                length = available.Length;
                terminator = 0;
                unterminated = true;
            }
            else
            {
                terminator = length < available.Length ? 1 : 0;
            }

            Line = _nextLine;
            _nextLine += 1 + innerLines;
            _recordStart = _start;
            _start += length + terminator;
            _consumedBytes += length + terminator;
            _recordLength = length > 0 && _buffer[_recordStart + length - 1] == CarriageReturn ? length - 1 : length;
            UnterminatedQuote = unterminated;
            if (_recordLength == 0)
            {
                continue; // an empty line, e.g. a blank line at the end of the file
            }

            Split(hasQuote);
            return true;
        }
    }

    // Scans for the line feed that ends a record containing quotes, honouring quoted sections.
    private bool FindQuotedRecordEnd(ReadOnlySpan<byte> span, out int length, out int innerLines)
    {
        var inQuotes = false;
        innerLines = 0;
        for (var i = 0; i < span.Length; i++)
        {
            var b = span[i];
            if (b == Quote)
            {
                inQuotes = !inQuotes; // a doubled quote toggles twice
            }
            else if (b == LineFeed)
            {
                if (!inQuotes)
                {
                    length = i;
                    return true;
                }

                innerLines++;
            }
        }

        length = span.Length;
        return _endOfStream && !inQuotes;
    }

    private void Split(bool hasQuote)
    {
        _fields.Clear();
        var record = _buffer.AsSpan(_recordStart, _recordLength);
        if (!hasQuote)
        {
            var offset = 0;
            while (true)
            {
                var comma = record[offset..].IndexOf(Comma);
                if (comma < 0)
                {
                    _fields.Add((_recordStart + offset, record.Length - offset, false));
                    return;
                }

                _fields.Add((_recordStart + offset, comma, false));
                offset += comma + 1;
            }
        }

        if (_scratch.Length < record.Length)
        {
            _scratch = new byte[Math.Max(record.Length, _scratch.Length * 2)];
        }

        var written = 0;
        var i = 0;
        while (true)
        {
            var fieldStart = written;
            if (i < record.Length && record[i] == Quote)
            {
                i++;
                while (i < record.Length)
                {
                    if (record[i] == Quote)
                    {
                        if (i + 1 < record.Length && record[i + 1] == Quote)
                        {
                            _scratch[written++] = Quote;
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    _scratch[written++] = record[i++];
                }
            }

            // Unquoted content, or stray bytes after a closing quote: taken as they are.
            while (i < record.Length && record[i] != Comma)
            {
                _scratch[written++] = record[i++];
            }

            _fields.Add((fieldStart, written - fieldStart, true));
            if (i >= record.Length)
            {
                return;
            }

            i++; // the comma
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= maxRecordBytes)
            {
                throw new PurchaseFileRefusedException($"line {_nextLine} is longer than {maxRecordBytes / (1 << 20)} MB: this is not a purchase export");
            }

            Array.Resize(ref _buffer, Math.Min(maxRecordBytes, _buffer.Length * 2));
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
    }
}
