using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Ingestion.Tests;

public class IngestionHostTests(PostgresFixture postgres) : ServiceHostTests<Program>(postgres), IClassFixture<PostgresFixture>;
