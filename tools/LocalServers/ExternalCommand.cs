using System.Diagnostics;

namespace InactiveCustomers.LocalServers;

/// <summary>Runs a server's command-line tools, as the server's own system user when this process is root.</summary>
internal static class ExternalCommand
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs to completion; throws with the command's output when it fails or overruns.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string? runAs = null, TimeSpan? timeout = null, IDictionary<string, string>? environment = null)
    {
        using var process = new Process { StartInfo = StartInfo(file, arguments, runAs, environment) };
        process.StartInfo.RedirectStandardOutput = true;
        process.StartInfo.RedirectStandardError = true;
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{Describe(process.StartInfo)}' did not finish within {timeout ?? TimeSpan.FromMinutes(1)}");
        }

        var text = await output + await error;
        return process.ExitCode == 0
            ? text
            : throw new InvalidOperationException($"'{Describe(process.StartInfo)}' failed with exit code {process.ExitCode}:\n{text}");
    }

    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments, string? runAs, IDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo { UseShellExecute = false };
        if (runAs is not null && IsRoot)
        {
            // PostgreSQL refuses to run as root; runuser switches user without a password or a login shell.
            info.FileName = "runuser";
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(runAs);
            info.ArgumentList.Add("--");
            if (environment is not null)
            {
                info.ArgumentList.Add("env");
                foreach (var (key, value) in environment)
                {
                    info.ArgumentList.Add($"{key}={value}");
                }
            }

            info.ArgumentList.Add(file);
        }
        else
        {
            info.FileName = file;
            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                info.Environment[key] = value;
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    public static async Task GiveToAsync(string directory, string user)
    {
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", $"{user}:", directory]);
        }
    }

    private static string Describe(ProcessStartInfo info) => $"{info.FileName} {string.Join(' ', info.ArgumentList)}";
}
