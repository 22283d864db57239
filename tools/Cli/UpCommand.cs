using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using InactiveCustomers.LocalServers;
using InactiveCustomers.Segmentation.Views;

namespace InactiveCustomers.Cli;

/// <summary>
/// <c>up</c>: the production topology on one machine. PostgreSQL (the private cluster in the working folder unless
/// ConnectionStrings__Postgres is set) and RabbitMQ (a private node unless Messaging__RabbitMq__Host is set), and the
/// three services as separate processes talking over RabbitMQ, each on its own port, until Ctrl-C.
/// </summary>
internal static class UpCommand
{
    public const int DefaultPort = 5080;

    /// <summary>A service process: its name, project folder, assembly, and port offset from --port.</summary>
    private sealed record Service(string Name, string ProjectFolder, string Assembly, int Offset);

    // Started in this order, each ready before the next: reengagement's queues exist before segmentation publishes,
    // and segmentation listens before ingestion announces a batch (RabbitMQ drops what no queue is bound to).
    private static readonly Service[] Services =
    [
        new("reengagement", "services/reengagement/Reengagement", "InactiveCustomers.Reengagement.dll", 2),
        new("segmentation", "services/segmentation/Segmentation", "InactiveCustomers.Segmentation.dll", 1),
        new("ingestion", "services/ingestion/Ingestion", "InactiveCustomers.Ingestion.dll", 0),
    ];

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Working folder (lake, PostgreSQL, RabbitMQ, logs, drop folder)", DefaultValueFactory = _ => new DirectoryInfo(".data") };
        var port = new Option<int>("--port")
        {
            Description = $"First of four loopback ports: ingestion, segmentation (+1), reengagement (+2), RabbitMQ (+3)",
            DefaultValueFactory = _ => DefaultPort,
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1024 or > 65532)
            {
                result.AddError("--port must be from 1024 to 65532 (it and the next three are used)");
            }
        });
        var command = new Command("up", "Start the three services as separate processes with PostgreSQL and RabbitMQ on localhost, until Ctrl-C") { data, port };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(data)!, parse.GetValue(port), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo data, int port, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var missing = Services.Select(s => AssemblyPath(root, s)).Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
        {
            await Console.Error.WriteLineAsync($"up: the services are not built ({string.Join(", ", missing)}): run ./inactive-customers again, or dotnet build -c {Configuration} InactiveCustomers.sln");
            return ExitCodes.Failure;
        }

        var busy = Enumerable.Range(port, 4).Where(FreePort.IsListening).ToList();
        if (busy.Count > 0)
        {
            await Console.Error.WriteLineAsync($"up: port {string.Join(", ", busy)} is already in use: choose other ports with --port (e.g. --port 6080), or stop what uses them");
            return ExitCodes.InputRefused;
        }

        Directory.CreateDirectory(data.FullName);
        var logs = Directory.CreateDirectory(Path.Combine(data.FullName, "logs")).FullName;
        var inbox = Directory.CreateDirectory(Path.Combine(data.FullName, "inbox")).FullName;
        Console.WriteLine("Starting PostgreSQL …");
        var (connectionString, postgres) = await SegmentationHost.PostgresAsync(data.FullName);
        LocalRabbitMq? rabbit = null;
        var running = new List<(Service Service, Process Process)>();
        try
        {
            var broker = BrokerSettings(out var external);
            if (!external)
            {
                Console.WriteLine("Starting RabbitMQ …");
                rabbit = await LocalRabbitMq.StartAsync(Path.Combine(data.FullName, "rabbitmq"), port: port + 3);
                broker["Messaging__RabbitMq__Host"] = rabbit.Host;
                broker["Messaging__RabbitMq__Port"] = rabbit.Port.ToString(CultureInfo.InvariantCulture);
                broker["Messaging__RabbitMq__Username"] = LocalRabbitMq.Username;
                broker["Messaging__RabbitMq__Password"] = LocalRabbitMq.Password;
            }

            var key = DemoTokens.SigningKey(data.FullName);
            string Url(Service service) => $"http://127.0.0.1:{port + service.Offset}";
            var segmentationUrl = Url(Services[1]);
            var reengagementUrl = Url(Services[0]);
            foreach (var service in Services)
            {
                var settings = new Dictionary<string, string?>(broker)
                {
                    ["ConnectionStrings__Postgres"] = connectionString,
                    ["Lake__Root"] = Path.Combine(data.FullName, "lake"),
                    ["ASPNETCORE_URLS"] = Url(service),
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["DOTNET_ENVIRONMENT"] = "Production",
                };
                switch (service.Name)
                {
                    case "ingestion":
                        settings["Ingestion__DropFolder"] = inbox;
                        break;
                    case "segmentation":
                        settings[DashboardPage.TargetsApiSetting.Replace(":", "__", StringComparison.Ordinal)] = reengagementUrl;
                        break;
                    default:
                        settings["Reengagement__CorsOrigins"] = segmentationUrl;
                        foreach (var (name, value) in DemoTokens.Settings(key))
                        {
                            settings[name.Replace(":", "__", StringComparison.Ordinal)] = value;
                        }

                        break;
                }

                Console.Write($"Starting {service.Name} on {Url(service)} …");
                var process = Start(AssemblyPath(root, service), settings, Path.Combine(logs, $"{service.Name}.log"));
                running.Add((service, process));
                if (!await ReadyAsync(new Uri($"{Url(service)}/health/ready"), process, TimeSpan.FromMinutes(2), cancellationToken))
                {
                    Console.WriteLine();
                    await Console.Error.WriteLineAsync($"up: {service.Name} did not become ready{(process.HasExited ? $" (it exited with {process.ExitCode})" : " within 2 minutes")}: see {Path.Combine(logs, service.Name + ".log")}");
                    return ExitCodes.Failure;
                }

                Console.WriteLine(" ready");
            }

            Console.WriteLine();
            Console.WriteLine($"Dashboard:     {segmentationUrl}/dashboard/");
            Console.WriteLine($"Ingestion:     POST a CSV to {Url(Services[2])}/api/purchase-files?fileName=NAME.csv, or drop it into {inbox}");
            Console.WriteLine($"Segmentation:  {segmentationUrl}/api/segmentation-runs (a run follows each landed batch)");
            Console.WriteLine($"Reengagement:  {reengagementUrl}/api/targets, reference {reengagementUrl}/scalar/");
            Console.WriteLine($"RabbitMQ:      amqp://{broker["Messaging__RabbitMq__Host"]}:{broker["Messaging__RabbitMq__Port"]} (exchanges InactiveCustomers.Contracts:CustomerBecameInactive, …)");
            Console.WriteLine($"Logs:          {logs}");
            Console.WriteLine("Marketing API token (Authorization: Bearer …; valid 12 h):");
            Console.WriteLine($"  {DemoTokens.Issue(key, TimeSpan.FromHours(12))}");
            Console.WriteLine("Running until Ctrl-C.");

            var exited = Task.WhenAny(running.Select(r => r.Process.WaitForExitAsync(CancellationToken.None)));
            await Task.WhenAny(exited, Task.Delay(Timeout.Infinite, cancellationToken)); // whichever comes first
            if (!cancellationToken.IsCancellationRequested)
            {
                var (service, process) = running.First(r => r.Process.HasExited);
                await Console.Error.WriteLineAsync($"up: {service.Name} exited with {process.ExitCode}: see {Path.Combine(logs, service.Name + ".log")}; stopping the others");
                return ExitCodes.Failure;
            }

            Console.WriteLine("Stopping …");
            return ExitCodes.Success;
        }
        finally
        {
            // The way in first, the way out last; each gets SIGTERM and half a minute to finish what it holds.
            foreach (var (_, process) in Enumerable.Reverse(running))
            {
                await StopAsync(process);
            }

            if (rabbit is not null)
            {
                await rabbit.DisposeAsync();
            }

            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }
    }

    private static string Configuration =>
        typeof(UpCommand).Assembly.GetCustomAttributes<AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Release";

    private static string RepositoryRoot() =>
        typeof(UpCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepositoryRoot").Value!;

    private static string AssemblyPath(string root, Service service) =>
        Path.GetFullPath(Path.Combine(root, service.ProjectFolder, "bin", Configuration, "net10.0", service.Assembly));

    /// <summary>The broker from Messaging__RabbitMq__* when Host is set (<paramref name="external"/>), else to be filled in.</summary>
    private static Dictionary<string, string?> BrokerSettings(out bool external)
    {
        var settings = new Dictionary<string, string?> { ["Messaging__Transport"] = "RabbitMq" };
        external = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("Messaging__RabbitMq__Host"));
        foreach (var name in new[] { "Host", "Port", "VirtualHost", "Username", "Password" })
        {
            if (external && Environment.GetEnvironmentVariable($"Messaging__RabbitMq__{name}") is { Length: > 0 } value)
            {
                settings[$"Messaging__RabbitMq__{name}"] = value;
            }
        }

        return settings;
    }

    private static Process Start(string assembly, Dictionary<string, string?> settings, string log)
    {
        var info = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!, // its appsettings.json
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {assembly}");
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        writer.WriteLine($"---- {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz} started (pid {process.Id})");
        var open = 2; // stdout and stderr: the log closes after the last line of both, which can come after Exited
        void Write(string? line)
        {
            lock (writer)
            {
                if (line is not null)
                {
                    writer.WriteLine(line);
                }
                else if (--open == 0)
                {
                    writer.Dispose();
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> ReadyAsync(Uri health, Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // slow to answer while it starts
            }

            Console.Write('.');
            await Task.Delay(500, cancellationToken);
        }

        return false;
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            using (var terminate = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync();
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }
}
