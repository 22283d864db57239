using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace InactiveCustomers.ServiceDefaults;

/// <summary>The service's PostgreSQL connection, with a readiness check.</summary>
public static class PostgresExtensions
{
    public const string ConnectionStringName = "Postgres";
    public const string SettingName = "ConnectionStrings:" + ConnectionStringName;

    /// <summary>
    /// Registers an <see cref="NpgsqlDataSource"/> from ConnectionStrings:Postgres and adds it to /health/ready.
    /// A missing or malformed connection string stops start-up with a message naming the setting.
    /// <paramref name="configure"/> adjusts the data source, e.g. session settings a service's queries need.
    /// </summary>
    public static TBuilder AddPostgres<TBuilder>(this TBuilder builder, Action<NpgsqlDataSourceBuilder>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new SettingException(SettingName,
                "is missing: give the PostgreSQL connection string, e.g. 'Host=localhost;Port=5432;Database=inactive_customers;Username=app;Password=…' (environment variable ConnectionStrings__Postgres)");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new SettingException(SettingName, $"is not a valid PostgreSQL connection string: {e.Message}");
        }

        // Once per host: services hosted together in one process share the connection (the first caller's tuning).
        if (builder.Services.Any(service => service.ServiceType == typeof(NpgsqlDataSource)))
        {
            return builder;
        }

        builder.Services.AddNpgsqlDataSource(connectionString, dataSource => configure?.Invoke(dataSource));
        builder.Services.AddHealthChecks().AddNpgSql(name: "postgres", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
