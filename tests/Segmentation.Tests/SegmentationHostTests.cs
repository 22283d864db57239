using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Segmentation.Tests;

public class SegmentationHostTests(PostgresFixture postgres) : ServiceHostTests<Program>(postgres), IClassFixture<PostgresFixture>;
