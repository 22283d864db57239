using System.Diagnostics;
using System.Globalization;

namespace InactiveCustomers.LocalServers;

/// <summary>
/// A private RabbitMQ node started as a plain process: its own node name, ports (AMQP, distribution, epmd), data and
/// logs under a folder of ours, and one user. For tests and the separate-process topology on one machine.
/// </summary>
public sealed class LocalRabbitMq : IAsyncDisposable
{
    public const string Username = "inactive";
    public const string Password = "inactive-local";

    private readonly Process _process;
    private readonly int _epmdPort;

    private LocalRabbitMq(Process process, string root, int port, int epmdPort)
    {
        _process = process;
        Root = root;
        Port = port;
        _epmdPort = epmdPort;
    }

    public string Root { get; }

    public int Port { get; }

    public string Host => "127.0.0.1";

    /// <summary>
    /// Starts a node under <paramref name="root"/> and returns once it accepts AMQP connections: on a free port, or on
    /// <paramref name="port"/> — the node is named after its port, so the same folder and port find the same durable
    /// queues again.
    /// </summary>
    public static async Task<LocalRabbitMq> StartAsync(string root, TimeSpan? timeout = null, int? port = null)
    {
        var server = FindServer();
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        var amqpPort = port ?? FreePort.Next();
        var distributionPort = FreePort.Next();
        var epmdPort = FreePort.Next();
        var config = Path.Combine(root, "rabbitmq.conf");
        await File.WriteAllTextAsync(config, string.Join('\n',
            $"listeners.tcp.default = 127.0.0.1:{amqpPort}",
            $"default_user = {Username}",
            $"default_pass = {Password}",
            "loopback_users = none",
            "log.console = false",
            ""));
        var plugins = Path.Combine(root, "enabled_plugins");
        await File.WriteAllTextAsync(plugins, "[].\n");

        var environment = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = $"rabbit-{amqpPort}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqpPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log"),
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins,
            ["RABBITMQ_PID_FILE"] = Path.Combine(root, "rabbitmq.pid"),
            ["HOME"] = root, // the Erlang cookie lives here
        };
        var info = ExternalCommand.StartInfo(server, [], runAs: null, environment);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {server}");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var node = new LocalRabbitMq(process, root, amqpPort, epmdPort);
        if (!await FreePort.WaitUntilListeningAsync(amqpPort, timeout ?? TimeSpan.FromSeconds(90), () => !process.HasExited))
        {
            await node.DisposeAsync();
            string log;
            lock (output)
            {
                log = output.ToString();
            }

            throw new InvalidOperationException($"RabbitMQ did not start listening on port {amqpPort} (logs under {root}):\n{log}");
        }

        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        // The Erlang port mapper daemonises itself, outside the process tree: ask it to stop.
        try
        {
            await ExternalCommand.RunAsync("epmd", ["-port", _epmdPort.ToString(CultureInfo.InvariantCulture), "-kill"], timeout: TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static string FindServer()
    {
        // Debian's /usr/sbin wrapper switches to the rabbitmq user and hides output; the real script runs as anyone.
        const string debianScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
        if (File.Exists(debianScript))
        {
            return debianScript;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "rabbitmq-server"))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException(
            "rabbitmq-server is not installed: ./test.sh installs it (apt-get install rabbitmq-server), or install it yourself");
    }
}
