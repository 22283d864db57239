using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace InactiveCustomers.Reengagement.Data;

/// <summary>
/// For <c>dotnet ef migrations add NAME --project services/reengagement/Reengagement</c>: the model needs no
/// database to produce a migration, so this connection string is never opened.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ReengagementDb>
{
    public ReengagementDb CreateDbContext(string[] args) =>
        new(ReengagementDbExtensions.Configure(new DbContextOptionsBuilder<ReengagementDb>(), "Host=localhost;Database=design_time").Options);
}
