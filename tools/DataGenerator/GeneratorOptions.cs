namespace InactiveCustomers.DataGenerator;

/// <summary>What to generate. <see cref="Rows"/> counts every data line, bad ones included.</summary>
public sealed record GeneratorOptions(
    long Rows,
    int Seed,
    DateOnly From,
    DateOnly To,
    double BadRowFraction,
    bool CrLf)
{
    /// <summary>The size of the real export (DATASET.md).</summary>
    public const long FullSizeRows = 1_741_344;

    public static DateOnly DefaultFrom { get; } = new(2013, 9, 12);
    public static DateOnly DefaultTo { get; } = new(2024, 4, 1);

    /// <summary>Checks the options against each other and against today; returns the problems, naming the option.</summary>
    public IReadOnlyList<string> Validate(DateOnly today)
    {
        var problems = new List<string>();
        if (Rows < 1)
        {
            problems.Add($"--rows must be at least 1 (got {Rows})");
        }

        if (From < new DateOnly(2000, 1, 1))
        {
            problems.Add($"--from {From:yyyy-MM-dd} is before 2000-01-01: ingestion rejects such orders");
        }

        if (To > today)
        {
            problems.Add($"--to {To:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}): ingestion rejects orders dated in the future");
        }

        if (To < From)
        {
            problems.Add($"--to {To:yyyy-MM-dd} is before --from {From:yyyy-MM-dd}");
        }

        if (BadRowFraction is < 0 or > 0.5 || double.IsNaN(BadRowFraction))
        {
            problems.Add($"--bad-rows must be a fraction between 0 and 0.5 (got {BadRowFraction})");
        }

        return problems;
    }
}
