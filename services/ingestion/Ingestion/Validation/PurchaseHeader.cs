using System.Text;
using InactiveCustomers.DataLake.Purchases;

namespace InactiveCustomers.Ingestion.Validation;

/// <summary>
/// The header of a purchase file, checked at file level (DATASET.md): every one of the 12 columns present once,
/// comma-delimited. Columns may come in any order; unknown extra columns are ignored and reported as schema drift.
/// </summary>
internal sealed class PurchaseHeader
{
    private static readonly char[] OtherDelimiters = [';', '\t', '|'];

    private PurchaseHeader(IReadOnlyList<string> columns, int[] positions, IReadOnlyList<string> drift)
    {
        Columns = columns;
        Positions = positions;
        Drift = drift;
    }

    /// <summary>The header's columns as written in the file.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>For each column of <see cref="PurchaseColumns.All"/>, its index in the file's records.</summary>
    public int[] Positions { get; }

    /// <summary>Differences from the expected layout that do not refuse the file (extra columns, another order).</summary>
    public IReadOnlyList<string> Drift { get; }

    public int FieldCount => Columns.Count;

    public static PurchaseHeader Parse(CsvRecordReader reader)
    {
        var columns = Enumerable.Range(0, reader.FieldCount)
            .Select(i => Encoding.UTF8.GetString(reader.Field(i)).Trim())
            .ToList();

        if (columns.Count == 1 && columns[0].IndexOfAny(OtherDelimiters) is var at and >= 0)
        {
            var delimiter = columns[0][at] == '\t' ? "tab" : $"'{columns[0][at]}'";
            throw new PurchaseFileRefusedException(
                $"the header is separated by {delimiter}, not by commas (a spreadsheet re-save?): export the file as comma-separated CSV");
        }

        var positions = new int[PurchaseColumns.All.Count];
        var missing = new List<string>();
        for (var i = 0; i < PurchaseColumns.All.Count; i++)
        {
            positions[i] = columns.FindIndex(column => string.Equals(column, PurchaseColumns.All[i], StringComparison.OrdinalIgnoreCase));
            if (positions[i] < 0)
            {
                missing.Add(PurchaseColumns.All[i]);
            }
        }

        var duplicated = columns.GroupBy(column => column, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var unexpected = columns.Where(column => !PurchaseColumns.All.Contains(column, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0 || duplicated.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0)
            {
                problems.Add($"missing column(s): {string.Join(", ", missing)}");
            }

            if (duplicated.Count > 0)
            {
                problems.Add($"column(s) appearing more than once: {string.Join(", ", duplicated)}");
            }

            if (unexpected.Count > 0)
            {
                problems.Add($"unexpected column(s): {string.Join(", ", unexpected)}");
            }

            throw new PurchaseFileRefusedException($"the header does not match the purchase export: {string.Join("; ", problems)}");
        }

        var drift = unexpected.Select(column => $"unexpected column '{column}' ignored").ToList();
        if (!positions.SequenceEqual(Enumerable.Range(0, positions.Length)) && unexpected.Count == 0)
        {
            drift.Add("columns in a different order than the standard export");
        }

        return new PurchaseHeader(columns, positions, drift);
    }
}
