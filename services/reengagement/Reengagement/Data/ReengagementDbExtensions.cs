using InactiveCustomers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InactiveCustomers.Reengagement.Data;

public static class ReengagementDbExtensions
{
    /// <summary>The PostgreSQL connection (ConnectionStrings:Postgres) and the EF Core model on it.</summary>
    public static IHostApplicationBuilder AddReengagementDb(this IHostApplicationBuilder builder)
    {
        builder.AddPostgres();
        builder.Services.AddDbContextPool<ReengagementDb>((services, options) => Configure(options, services.GetRequiredService<NpgsqlDataSource>()));
        return builder;
    }

    internal static DbContextOptionsBuilder<ReengagementDb> Configure(DbContextOptionsBuilder<ReengagementDb> options, string connectionString)
    {
        options.UseNpgsql(connectionString, History).UseSnakeCaseNamingConvention();
        return options;
    }

    private static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, History).UseSnakeCaseNamingConvention();

    private static void History(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsHistoryTable("__ef_migrations_history", ReengagementDb.Schema);
}
