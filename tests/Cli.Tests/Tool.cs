using System.Diagnostics;

namespace InactiveCustomers.Cli.Tests;

/// <summary>The tool as an operator runs it: a separate process, with its exit code and what it printed.</summary>
internal static class Tool
{
    public sealed record Result(int Code, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    /// <summary>The marketing API token that <c>demo</c> and <c>up</c> print on the line after their announcement.</summary>
    public static string PrintedToken(string stdout) =>
        System.Text.RegularExpressions.Regex.Match(stdout, @"Marketing API token[^\n]*\n\s*(\S+)").Groups[1].Value;

    /// <summary>A run of the tool that goes on (the demo serving): what it printed so far, and Ctrl-C.</summary>
    public sealed class Running : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _stdout = new();
        private readonly System.Text.StringBuilder _stderr = new();

        internal Running(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
            process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Stdout
        {
            get
            {
                lock (_stdout)
                {
                    return _stdout.ToString();
                }
            }
        }

        /// <summary>Waits until stdout contains <paramref name="text"/>; fails if the process ends first or in time.</summary>
        public async Task WaitForAsync(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!Stdout.Contains(text, StringComparison.Ordinal))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"the tool did not print '{text}' ({(_process.HasExited ? $"it exited with {_process.ExitCode}" : $"within {timeout.TotalSeconds:N0} s")}):\n{Stdout}\n{_stderr}");
                }

                await Task.Delay(100);
            }
        }

        /// <summary>Ctrl-C (SIGINT), then waits for the process to end.</summary>
        public async Task<Result> InterruptAsync()
        {
            using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            _process.WaitForExit(); // the last asynchronous output lines
            string stderr;
            lock (_stderr)
            {
                stderr = _stderr.ToString();
            }

            return new Result(_process.ExitCode, Stdout, stderr);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }

        private static void Append(System.Text.StringBuilder text, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    /// <summary>Starts <c>inactive-customers ARGS</c> and leaves it running.</summary>
    public static Running Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        new(Process.Start(Info(arguments, environment))!);

    /// <summary>Runs <c>inactive-customers ARGS</c>; with <paramref name="killAfter"/>, kills it then if it still runs.</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? killAfter = null)
    {
        using var process = Process.Start(Info(arguments, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (killAfter is { } delay && !process.WaitForExit(delay))
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    private static ProcessStartInfo Info(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "inactive-customers.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["COLUMNS"] = "200";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }
}
