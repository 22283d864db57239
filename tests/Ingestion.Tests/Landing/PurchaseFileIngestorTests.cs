using InactiveCustomers.DataLake.Purchases;
using InactiveCustomers.Ingestion.Landing;
using InactiveCustomers.Ingestion.Tests.Validation;

namespace InactiveCustomers.Ingestion.Tests.Landing;

public class PurchaseFileIngestorTests : IDisposable
{
    private readonly TestLake _lake = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GeneratedFileWithPlantedBadRows_ShouldLandExactlyTheGoodOrders(bool inHalves)
    {
        _lake.Ingestor.ParallelThreshold = inHalves ? 0 : long.MaxValue;
        var file = _lake.Generate("purchases.csv", 20_000, seed: 3, badRows: 0.03);
        var planted = File.ReadLines(file + ".bad-rows.csv").Skip(1).Select(line => line.Split(',')).ToList();
        var plantedRejects = planted.Where(p => p[1] != PurchaseRowRule.DuplicateOrder).ToList();

        var report = _lake.Ingestor.IngestFile(file);

        report.Status.Should().Be(IngestionReport.Landed);
        report.RowsRead.Should().Be(20_000);
        report.RowsRejected.Should().Be(plantedRejects.Count);
        report.DuplicatesDropped.Should().Be(planted.Count - plantedRejects.Count);
        report.RowsAccepted.Should().Be(20_000 - planted.Count);
        report.RejectsByReason.Should().BeEquivalentTo(plantedRejects.GroupBy(p => p[1]).ToDictionary(g => g.Key, g => (long)g.Count()));
        _lake.Count("SELECT count(*) FROM purchases").Should().Be(report.RowsAccepted);
        _lake.Count("SELECT count(DISTINCT nk_ota_localizer_id) FROM purchases").Should().Be(report.RowsAccepted);

        var rejects = File.ReadLines(_lake.Layout.FullPath(report.RejectsPath!)).Skip(1)
            .Select(line => line.Split(',')).Select(f => (f[0], f[2])).ToList();
        rejects.Should().Equal(plantedRejects.Select(p => (p[0], p[1])), "each rejected line is the planted one, for the planted reason");
    }

    [Fact]
    public async Task CuratedOrders_ShouldBeTypedPartitionedAndFreeOfSentinels()
    {
        var report = await _lake.IngestAsync(PurchaseLines.File(
            PurchaseLines.Order(1, (10, "49.91777")),
            PurchaseLines.Order(2, (2, "2020-04-15"), (6, "aa"), (7, "bb"), (9, "cc"), (3, ""))), "two.csv");

        report.Partitions.Should().Equal("curated/purchases/year=2018/month=12", "curated/purchases/year=2020/month=04");
        var columns = _lake.Rows("SELECT column_name, column_type FROM (DESCRIBE purchases)").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        columns["gmv_success"].Should().Be("DECIMAL(12,2)");
        columns["date_purchase"].Should().Be("DATE");
        columns["total_tickets_quantity_success"].Should().Be("INTEGER");
        var rows = _lake.Rows("SELECT gmv_success, place_origin_return, fk_return_ota_bus_company, time_purchase, year, month FROM purchases ORDER BY date_purchase");
        rows[0][0].Should().Be(49.92m);
        rows[0][1].Should().BeNull();
        rows[0][2].Should().BeNull();
        rows[1][1].Should().Be("aa");
        rows[1][2].Should().Be("cc");
        rows[1][3].Should().BeNull("an empty time is allowed and stored as NULL");
        rows[1][4..].Should().Equal(2020, 4);
        File.Exists(_lake.Layout.FullPath($"curated/purchases/year=2020/month=04/{report.BatchId}.parquet")).Should().BeTrue();
    }

    [Fact]
    public async Task IdsAndPlacesThatAreNotLowercaseHex_ShouldLandExactlyAsSent()
    {
        // Lowercase 64-character hex is staged as 32 bytes; everything else must come through as the file had it.
        string[] texts =
        [
            "BC02D5245BEC63B30FF1102FA273FC03F58BC9CC3F674EF1FEE010C95DCBBAB9",
            "Bc02d5245bec63b30ff1102fa273fc03f58bc9cc3f674ef1fee010c95dcbbab9",
            "bc02d5245bec63b30ff1102fa273fc03f58bc9cc3f674ef1fee010c95dcbbab",
            "bc02d5245bec63b30ff1102fa273fc03f58bc9cc3f674ef1fee010c95dcbbab90",
            "gc02d5245bec63b30ff1102fa273fc03f58bc9cc3f674ef1fee010c95dcbbab9",
            "São Paulo (Tietê), SP",
            "00000000000000000000000000000000000000000000000000000000000000ff",
        ];
        var lines = texts.Select((text, i) => PurchaseLines.Order(i + 1, (1, $"\"{text}\""), (4, $"\"{text}\""), (8, $"\"{text}\""))).ToList();
        lines.Add(PurchaseLines.Order(100, (0, texts[0])));

        var report = await _lake.IngestAsync(PurchaseLines.File([.. lines]), "texts.csv");

        report.RowsAccepted.Should().Be(texts.Length + 1);
        var landed = _lake.Rows("SELECT fk_contact, place_origin_departure, fk_departure_ota_bus_company FROM purchases WHERE source_line <= " + (texts.Length + 1) + " ORDER BY source_line");
        landed.Select(row => ((string)row[0]!, (string)row[1]!, (string)row[2]!)).Should().Equal(texts.Select(text => (text, text, text)));
        _lake.Count($"SELECT count(*) FROM purchases WHERE nk_ota_localizer_id = '{texts[0]}'").Should().Be(1, "an upper-case order id stays upper-case");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CuratedLake_ShouldHoldExactlyWhatAnIndependentReadingOfTheFileGives(bool inHalves)
    {
        // Small row groups, so that staged records are cut across reads and each partition gets several.
        _lake.Ingestor.ParallelThreshold = inHalves ? 0 : long.MaxValue;
        _lake.Ingestor.RowGroupBytes = 4096;
        var file = _lake.Generate("purchases.csv", 3_000, seed: 8);

        var report = _lake.Ingestor.IngestFile(file);

        var raw = Quote(_lake.Layout.FullPath(report.RawPath!));
        var fromCsv = $"""
            SELECT nk_ota_localizer_id, fk_contact, CAST(date_purchase AS DATE), CAST(time_purchase AS TIME),
                   place_origin_departure, place_destination_departure, NULLIF(place_origin_return, '0'),
                   NULLIF(place_destination_return, '0'), fk_departure_ota_bus_company, NULLIF(fk_return_ota_bus_company, '1'),
                   CAST(gmv_success AS DECIMAL(12,2)), CAST(total_tickets_quantity_success AS INTEGER)
            FROM read_csv({raw}, all_varchar = true)
            """;
        const string FromLake = """
            SELECT nk_ota_localizer_id, fk_contact, date_purchase, time_purchase, place_origin_departure,
                   place_destination_departure, place_origin_return, place_destination_return,
                   fk_departure_ota_bus_company, fk_return_ota_bus_company, gmv_success, total_tickets_quantity_success
            FROM purchases
            """;
        _lake.Count("SELECT count(*) FROM purchases").Should().Be(3_000);
        _lake.Count($"SELECT count(*) FROM (({fromCsv}) EXCEPT ALL ({FromLake}))").Should().Be(0, "every order of the file is in the lake");
        _lake.Count($"SELECT count(*) FROM (({FromLake}) EXCEPT ALL ({fromCsv}))").Should().Be(0, "the lake holds nothing else");
        _lake.Count("SELECT count(*) FROM purchases WHERE batch_id <> '" + report.BatchId + "'").Should().Be(0);
        var files = string.Join(", ", Directory.EnumerateFiles(_lake.Layout.FullPath("curated"), "*.parquet", SearchOption.AllDirectories).Select(Quote));
        _lake.Count($"SELECT count(DISTINCT (file_name, row_group_id)) FROM parquet_metadata([{files}])")
            .Should().BeGreaterThan(report.Partitions.Count, "the partitions were written in several row groups");

        static string Quote(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    [Fact]
    public async Task OrderInBothHalves_ShouldBeKeptOnceFromTheFirstHalf()
    {
        _lake.Ingestor.ParallelThreshold = 0;
        var lines = Enumerable.Range(1, 200).Select(id => PurchaseLines.Order(id, (10, "10.00"))).ToList();
        lines.Add(PurchaseLines.Order(7, (10, "77.00")));   // a repeat of line 8, in the second half
        lines.Add(PurchaseLines.Order(500, (2, "2021-06-01")));

        var report = await _lake.IngestAsync(PurchaseLines.File([.. lines]), "halves.csv");

        report.RowsAccepted.Should().Be(201);
        report.DuplicatesDropped.Should().Be(1);
        _lake.Count("SELECT count(*) FROM purchases WHERE gmv_success = 77.00").Should().Be(0, "the first one wins");
        report.MaxPurchaseDate.Should().Be(new DateOnly(2021, 6, 1));
    }

    [Fact]
    public async Task QuotedLineBreakAcrossTheMiddle_ShouldStillBeReadAsOneField()
    {
        _lake.Ingestor.ParallelThreshold = 0;
        // As many orders after as before, so the middle of the file, where the halves split, is inside the quotes.
        var before = Enumerable.Range(1, 20).Select(id => PurchaseLines.Order(id));
        var spanning = PurchaseLines.Order(21, (4, "\"" + string.Join("\n", Enumerable.Repeat("ab", 40)) + "\""));
        var after = Enumerable.Range(22, 20).Select(id => PurchaseLines.Order(id));

        var report = await _lake.IngestAsync(PurchaseLines.File([.. before, spanning, .. after]), "quoted.csv");

        report.RowsRejected.Should().Be(0);
        report.RowsAccepted.Should().Be(41);
        _lake.Count("SELECT count(*) FROM purchases WHERE place_origin_departure LIKE 'ab%'").Should().Be(1);
        _lake.Rows("SELECT source_line FROM purchases ORDER BY source_line DESC LIMIT 1").Single()[0].Should().Be(81L, "40 lines of the quoted field shift the rest");
    }

    [Fact]
    public void SameFileAgain_ShouldReturnTheEarlierBatchAndLandNothing()
    {
        var file = _lake.Generate("purchases.csv", 5_000, seed: 4);
        var first = _lake.Ingestor.IngestFile(file);
        File.Copy(file, Path.Combine(_lake.Folder, "renamed.csv"));

        var again = _lake.Ingestor.IngestFile(Path.Combine(_lake.Folder, "renamed.csv"));

        again.Status.Should().Be(IngestionReport.AlreadyIngested);
        again.BatchId.Should().Be(first.BatchId);
        again.RowsAccepted.Should().Be(first.RowsAccepted);
        _lake.Count("SELECT count(*) FROM purchases").Should().Be(first.RowsAccepted);
        _lake.Count("SELECT count(*) FROM ingest_batches").Should().Be(1);
    }

    [Fact]
    public async Task OrdersOfAnEarlierBatch_ShouldBeDroppedAndTheFirstVersionKept()
    {
        var first = PurchaseLines.File(PurchaseLines.Order(1, (10, "10.00")), PurchaseLines.Order(2, (10, "20.00")));
        var second = PurchaseLines.File(PurchaseLines.Order(2, (10, "99.00")), PurchaseLines.Order(3, (10, "30.00")));
        await _lake.IngestAsync(first, "first.csv");

        var report = await _lake.IngestAsync(second, "second.csv");

        report.RowsAccepted.Should().Be(1);
        report.DuplicatesDropped.Should().Be(1);
        _lake.Rows("SELECT gmv_success FROM purchases ORDER BY nk_ota_localizer_id").Select(r => r[0]).Should().Equal(10.00m, 20.00m, 30.00m);
    }

    [Fact]
    public async Task RefusedFile_ShouldKeepTheRawBytesAndLandNothing()
    {
        var bytes = System.Text.Encoding.Latin1.GetBytes(PurchaseLines.File(PurchaseLines.Order(1, (4, "Ribeirão"))));

        var report = await _lake.IngestAsync(bytes, "latin1.csv");
        var again = await _lake.IngestAsync(bytes, "latin1.csv");

        report.Status.Should().Be(IngestionReport.Refused);
        report.Message.Should().StartWith("the file is not UTF-8: line 2");
        File.ReadAllBytes(_lake.Layout.FullPath(report.RawPath!)).Should().Equal(bytes);
        _lake.Count("SELECT count(*) FROM purchases").Should().Be(0);
        again.Status.Should().Be(IngestionReport.Refused, "the same bytes get the same answer");
    }

    [Fact]
    public async Task Catalog_ShouldRecordTheInferredSchemaAndItsDrift()
    {
        var withChannel = PurchaseLines.Header + ",channel\n" + PurchaseLines.Order(1) + ",app\n";

        var report = await _lake.IngestAsync(withChannel, "drift.csv");

        report.SchemaDrift.Should().Contain("unexpected column 'channel' ignored");
        _lake.Rows($"SELECT column_name FROM batch_schemas WHERE batch_id = '{report.BatchId}' ORDER BY position").Select(r => r[0])
            .Should().Equal([.. PurchaseColumns.All, "channel"]);
        _lake.Count($"SELECT count(*) FROM batch_schema_drift WHERE batch_id = '{report.BatchId}'").Should().Be(1);
    }

    [Fact]
    public void RealExportExcerpt_ShouldLandEveryRow()
    {
        var excerpt = Path.Combine(AppContext.BaseDirectory, "Fixtures", "clickbus-excerpt.csv");

        var report = _lake.Ingestor.IngestFile(excerpt);

        report.RowsRead.Should().Be(46);
        report.RowsAccepted.Should().Be(46);
        _lake.Count("SELECT count(*) FROM purchases WHERE gmv_success = 49.92").Should().Be(1, "49.91777 rounds to 49.92");
    }

    [Fact]
    public void Ingestion_ShouldTraceEachStepOfTheBatch()
    {
        var file = _lake.Generate("traced.csv", 1_000, seed: 8);
        var spans = new System.Collections.Concurrent.ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "ingestion",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        var report = _lake.Ingestor.IngestFile(file);

        // Other tests ingest at the same time and the listener hears them too: pick this batch's span.
        var batch = spans.Single(span => span.OperationName == "ingest purchase file" && Equals(span.GetTagItem("batch.id"), report.BatchId));
        spans.Where(span => span.ParentSpanId == batch.SpanId).Select(span => span.OperationName)
            .Should().BeEquivalentTo(["hash", "validate", "write", "commit"]);
    }

    public void Dispose() => _lake.Dispose();
}
