namespace InactiveCustomers.LocalServers;

/// <summary>
/// A private PostgreSQL cluster in a folder of ours, on a free loopback port, with trust authentication for the
/// local <c>postgres</c> role: for tests and the one-command demo, never for production. Uses the PostgreSQL
/// binaries installed on the machine; as root, runs them as the <c>postgres</c> system user.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string SystemUser = "postgres";

    private readonly string _binaries;
    private readonly string _dataDirectory;
    private readonly bool _durable;

    private LocalPostgres(string binaries, string root, int port, string database, bool durable)
    {
        _durable = durable;
        _binaries = binaries;
        Root = root;
        _dataDirectory = Path.Combine(root, "data");
        Port = port;
        Database = database;
    }

    public string Root { get; }

    public int Port { get; private set; }

    /// <summary>The cluster was already running (another command's, or left by one that was killed): it is not ours to stop.</summary>
    public bool Reused { get; private set; }

    public string Database { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database={Database};Username=postgres;Pooling=true";

    /// <summary>
    /// Creates (first time) and starts the cluster under <paramref name="root"/> and makes sure <paramref name="database"/>
    /// exists. Throwaway clusters (tests, benchmarks) skip fsync; a <paramref name="durable"/> one — the tool's
    /// cluster in <c>.data/postgres</c>, kept between runs — survives a power cut.
    /// </summary>
    public static async Task<LocalPostgres> StartAsync(string root, string database = "inactive_customers", int? port = null, bool durable = false)
    {
        var server = new LocalPostgres(FindBinaries(), Path.GetFullPath(root), port ?? FreePort.Next(), database, durable);
        await server.StartAsync();
        return server;
    }

    private async Task StartAsync()
    {
        Directory.CreateDirectory(Root);
        await ExternalCommand.GiveToAsync(Root, SystemUser);
        if (!File.Exists(Path.Combine(_dataDirectory, "PG_VERSION")))
        {
            await ExternalCommand.RunAsync(Tool("initdb"),
                ["-D", _dataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", .. (_durable ? (string[])[] : ["--no-sync"])],
                SystemUser, TimeSpan.FromMinutes(2));
        }

        if (RunningPort() is { } running)
        {
            Port = running;
            Reused = true;
            return;
        }

        await ExternalCommand.RunAsync(Tool("pg_ctl"),
            ["-D", _dataDirectory, "-l", Path.Combine(Root, "postgres.log"), "-w", "-t", "60",
             // TCP on loopback only, no Unix socket: a socket's path may not exceed 107 bytes, which a data folder
             // deep in a home directory (or a test's temporary folder) easily does.
             "-o", $"-p {Port} -c unix_socket_directories='' -c listen_addresses=127.0.0.1 -c fsync={(_durable ? "on" : "off")} -c max_connections=200",
             "start"],
            SystemUser, TimeSpan.FromMinutes(2));

        try
        {
            await CreateDatabaseAsync(Database);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("already exists", StringComparison.Ordinal))
        {
            // Reusing a cluster from an earlier run.
        }
    }

    /// <summary>Creates another database on this server and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await ExternalCommand.RunAsync(Tool("createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", name], SystemUser);
        return ConnectionString.Replace($"Database={Database};", $"Database={name};", StringComparison.Ordinal);
    }

    /// <summary>Stops the server immediately (as a crash would, for restart tests); <see cref="RestartAsync"/> brings it back.</summary>
    public Task StopAsync() =>
        ExternalCommand.RunAsync(Tool("pg_ctl"), ["-D", _dataDirectory, "-m", "fast", "-w", "stop"], SystemUser, TimeSpan.FromMinutes(1));

    public Task RestartAsync() => StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (!Reused && File.Exists(Path.Combine(_dataDirectory, "postmaster.pid")))
        {
            await StopAsync();
        }
    }

    private string Tool(string name) => Path.Combine(_binaries, name);

    // postmaster.pid names the server's process (line 1) and port (line 4) while it runs; a stale file (the server
    // died with its machine) names a process that is gone, and pg_ctl start then takes over.
    private int? RunningPort()
    {
        var pidFile = Path.Combine(_dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port) || !Directory.Exists($"/proc/{pid}"))
        {
            return null;
        }

        return FreePort.IsListening(port) ? port : null;
    }

    private static string FindBinaries()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(directory => Path.Combine(directory, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin: install the postgresql package");
    }
}
