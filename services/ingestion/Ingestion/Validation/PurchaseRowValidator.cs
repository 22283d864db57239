using System.Text;
using InactiveCustomers.DataLake.Purchases;

namespace InactiveCustomers.Ingestion.Validation;

/// <summary>
/// The row-level rules of DATASET.md. A row is checked field by field in file column order and rejected for the
/// first rule it breaks; the rejects file names that rule and column.
/// </summary>
internal sealed class PurchaseRowValidator(PurchaseHeader header, DateOnly ingestDate)
{
    private const int OrderId = 0, CustomerId = 1, Date = 2, Time = 3, OriginDeparture = 4, DestinationDeparture = 5,
        OriginReturn = 6, DestinationReturn = 7, DepartureCompany = 8, ReturnCompany = 9, Gmv = 10, Tickets = 11;

    private static readonly int[] Required = [OrderId, CustomerId, Date, Gmv, Tickets];
    private readonly int[] _positions = header.Positions;

    // Columns of the file in file order, so that the first broken rule is the leftmost one.
    private readonly int[] _checkOrder = Enumerable.Range(0, PurchaseColumns.All.Count).OrderBy(i => header.Positions[i]).ToArray();

    public bool TryValidate(CsvRecordReader record, out PurchaseRow row, out RowRejection rejection)
    {
        row = default;
        if (record.FieldCount != header.FieldCount || record.UnterminatedQuote)
        {
            rejection = new RowRejection(PurchaseRowRule.FieldCount, null, record.UnterminatedQuote
                ? "a quoted field is never closed"
                : $"{record.FieldCount} fields where the header has {header.FieldCount}");
            return false;
        }

        foreach (var column in Required)
        {
            if (Field(record, column).IsEmpty)
            {
                rejection = Reject(PurchaseRowRule.RequiredFieldEmpty, column, "is empty");
                return false;
            }
        }

        for (var i = 0; i < record.FieldCount; i++)
        {
            var field = record.Field(i);
            if (field.Length > PurchaseColumns.MaxTextLength && Encoding.UTF8.GetCharCount(field) > PurchaseColumns.MaxTextLength)
            {
                var column = Array.IndexOf(_positions, i);
                rejection = new RowRejection(PurchaseRowRule.TextTooLong, column >= 0 ? PurchaseColumns.All[column] : header.Columns[i],
                    $"{Encoding.UTF8.GetCharCount(field)} characters, more than {PurchaseColumns.MaxTextLength}");
                return false;
            }
        }

        foreach (var column in _checkOrder)
        {
            var field = Field(record, column);
            switch (column)
            {
                case Date:
                    if (!TryParseDate(field, out row.Date))
                    {
                        rejection = Reject(PurchaseRowRule.InvalidDate, column, $"'{Text(field)}' is not a calendar date YYYY-MM-DD");
                        return false;
                    }

                    if (row.Date < PurchaseColumns.MinPurchaseDate)
                    {
                        rejection = Reject(PurchaseRowRule.DateBefore2000, column, $"{Text(field)} is before 2000-01-01");
                        return false;
                    }

                    if (row.Date > ingestDate)
                    {
                        rejection = Reject(PurchaseRowRule.DateInFuture, column, $"{Text(field)} is after the day of ingestion ({ingestDate:yyyy-MM-dd})");
                        return false;
                    }

                    break;
                case Time:
                    if (!field.IsEmpty && !IsTime(field))
                    {
                        rejection = Reject(PurchaseRowRule.InvalidTime, column, $"'{Text(field)}' is not a time HH:MM:SS between 00:00:00 and 23:59:59");
                        return false;
                    }

                    break;
                case Gmv:
                    switch (ParseGmv(field, out row.GmvCents))
                    {
                        case GmvParse.Negative:
                            rejection = Reject(PurchaseRowRule.NegativeGmv, column, $"{Text(field)} is negative");
                            return false;
                        case GmvParse.NotANumber:
                            rejection = Reject(PurchaseRowRule.InvalidGmv, column, $"'{Text(field)}' is not a decimal number such as 89.09");
                            return false;
                        case GmvParse.TooLarge:
                            rejection = Reject(PurchaseRowRule.InvalidGmv, column, $"{Text(field)} does not fit DECIMAL(12,2)");
                            return false;
                    }

                    break;
                case Tickets:
                    if (!TryParseTickets(field, out row.Tickets))
                    {
                        rejection = Reject(PurchaseRowRule.InvalidTickets, column, $"'{Text(field)}' is not a non-negative whole number");
                        return false;
                    }

                    break;
            }
        }

        row.OrderId = Field(record, OrderId);
        row.CustomerId = Field(record, CustomerId);
        row.Time = Field(record, Time);
        row.OriginDeparture = Field(record, OriginDeparture);
        row.DestinationDeparture = Field(record, DestinationDeparture);
        row.OriginReturn = WithoutSentinel(Field(record, OriginReturn), PurchaseColumns.NoReturnPlace);
        row.DestinationReturn = WithoutSentinel(Field(record, DestinationReturn), PurchaseColumns.NoReturnPlace);
        row.DepartureCompany = Field(record, DepartureCompany);
        row.ReturnCompany = WithoutSentinel(Field(record, ReturnCompany), PurchaseColumns.NoReturnCompany);
        rejection = default;
        return true;
    }

    private ReadOnlySpan<byte> Field(CsvRecordReader record, int column) => record.Field(_positions[column]);

    private static RowRejection Reject(string rule, int column, string problem) =>
        new(rule, PurchaseColumns.All[column], $"{PurchaseColumns.All[column]} {problem}");

    private static ReadOnlySpan<byte> WithoutSentinel(ReadOnlySpan<byte> field, string sentinel) =>
        field.Length == 1 && field[0] == sentinel[0] ? [] : field;

    private static string Text(ReadOnlySpan<byte> field) => Encoding.UTF8.GetString(field.Length > 40 ? field[..40] : field);

    private static bool TryParseDate(ReadOnlySpan<byte> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-'
            || !Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool IsTime(ReadOnlySpan<byte> s) =>
        s.Length == 8 && s[2] == ':' && s[5] == ':'
        && Digits(s[..2], out var hours) && hours <= 23
        && Digits(s.Slice(3, 2), out var minutes) && minutes <= 59
        && Digits(s.Slice(6, 2), out var seconds) && seconds <= 59;

    private static bool TryParseTickets(ReadOnlySpan<byte> s, out int tickets) =>
        s.Length <= 9 & Digits(s, out tickets);

    private enum GmvParse { Ok, NotANumber, Negative, TooLarge }

    // Plain decimal notation: digits, optionally a point and more digits. Rounded half away from zero to cents.
    private static GmvParse ParseGmv(ReadOnlySpan<byte> s, out long cents)
    {
        cents = 0;
        var negative = s.Length > 0 && s[0] == '-';
        var number = negative ? s[1..] : s;
        var point = number.IndexOf((byte)'.');
        var whole = point < 0 ? number : number[..point];
        var fraction = point < 0 ? [] : number[(point + 1)..];
        if (whole.IsEmpty || (point >= 0 && fraction.IsEmpty) || !AllDigits(whole) || !AllDigits(fraction))
        {
            return GmvParse.NotANumber;
        }

        if (negative)
        {
            return AllZero(whole) && AllZero(fraction) ? GmvParse.Ok : GmvParse.Negative;
        }

        whole = whole.TrimStart((byte)'0');
        if (whole.Length > 10)
        {
            return GmvParse.TooLarge;
        }

        long value = 0;
        foreach (var b in whole)
        {
            value = (value * 10) + (b - '0');
        }

        var firstTwo = (fraction.Length > 0 ? (fraction[0] - '0') * 10 : 0) + (fraction.Length > 1 ? fraction[1] - '0' : 0);
        cents = (value * 100) + firstTwo + (fraction.Length > 2 && fraction[2] >= '5' ? 1 : 0);
        return cents >= 1_000_000_000_000 ? GmvParse.TooLarge : GmvParse.Ok;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var b in s)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    private static bool AllDigits(ReadOnlySpan<byte> s) => !s.ContainsAnyExceptInRange((byte)'0', (byte)'9');

    private static bool AllZero(ReadOnlySpan<byte> s) => !s.ContainsAnyExcept((byte)'0');
}
