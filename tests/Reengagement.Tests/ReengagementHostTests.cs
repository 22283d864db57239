using InactiveCustomers.TestSupport;

namespace InactiveCustomers.Reengagement.Tests;

public class ReengagementHostTests(PostgresFixture postgres) : ServiceHostTests<Program>(postgres), IClassFixture<PostgresFixture>;
