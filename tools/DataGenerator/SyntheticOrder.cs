namespace InactiveCustomers.DataGenerator;

/// <summary>An order planned by the generator, kept compact until it is written as a line.</summary>
internal readonly record struct SyntheticOrder(
    ulong OrderNumber,
    long CustomerNumber,
    int Day,
    int SecondOfDay,
    short Origin,
    short Destination,
    bool RoundTrip,
    short Company,
    short ReturnCompany,
    long GmvCents,
    short GmvNoise,
    byte Tickets)
{
    /// <summary><see cref="ReturnCompany"/> value for "no return company": written as the sentinel <c>1</c>.</summary>
    public const short NoCompany = -1;

    /// <summary><see cref="GmvNoise"/> value for "written plainly"; otherwise 3 more digits of float noise (0–999).</summary>
    public const short NoNoise = -1;
}
