using System.Text.Json;
using System.Text.Json.Serialization;

namespace InactiveCustomers.Ingestion.Landing;

/// <summary>What became of a file: the batch report the HTTP API, the command line and the catalog share.</summary>
public sealed record IngestionReport
{
    public const string Landed = "landed";
    public const string Refused = "refused";
    public const string AlreadyIngested = "already-ingested";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public required Guid BatchId { get; init; }

    /// <summary><c>landed</c>, <c>refused</c> (the whole file, with <see cref="Message"/>), or <c>already-ingested</c>.</summary>
    public required string Status { get; init; }

    public string? Message { get; init; }

    public required string FileName { get; init; }

    public required string Sha256 { get; init; }

    public long Bytes { get; init; }

    public long RowsRead { get; init; }

    public long RowsAccepted { get; init; }

    public long RowsRejected { get; init; }

    public long DuplicatesDropped { get; init; }

    public IReadOnlyDictionary<string, long> RejectsByReason { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<string> SchemaDrift { get; init; } = [];

    public IReadOnlyList<string> Partitions { get; init; } = [];

    public DateOnly? MinPurchaseDate { get; init; }

    public DateOnly? MaxPurchaseDate { get; init; }

    /// <summary>Lake-relative path of the raw file as received.</summary>
    public string? RawPath { get; init; }

    /// <summary>Lake-relative path of the rejects file, when rows were rejected.</summary>
    public string? RejectsPath { get; init; }

    /// <summary>Milliseconds per step: hash, validate, write, commit.</summary>
    public IReadOnlyDictionary<string, long> TimingsMs { get; init; } = new Dictionary<string, long>();

    public long ElapsedMs { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static IngestionReport FromJson(string json) =>
        JsonSerializer.Deserialize<IngestionReport>(json, Json) ?? throw new InvalidOperationException("empty batch report");
}
