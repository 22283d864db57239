using PuppeteerSharp;
using Xunit;

namespace InactiveCustomers.TestSupport;

/// <summary>
/// The machine's own Chromium (Debian's <c>chromium</c> package, or <c>CHROMIUM</c>), started headless for a test
/// class and driven over the DevTools protocol. Nothing is downloaded: a missing browser fails the test with the
/// command that installs it.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser has not started");

    /// <summary>Where screenshots go: artifacts/screenshots under the repository (CI keeps that folder).</summary>
    public static string ScreenshotFolder
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "InactiveCustomers.sln")))
            {
                folder = folder.Parent;
            }

            var path = Path.Combine(folder?.FullName ?? TestFolders.Root, "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured
            ? configured
            : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (executable is null || !File.Exists(executable))
        {
            throw new InvalidOperationException(
                "The browser tests need Chromium: install it with 'tools/ensure-servers.sh chromium' (apt-get install chromium), or set CHROMIUM to its path");
        }

        _browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Root in CI containers cannot use Chromium's sandbox; /dev/shm there is often too small for it.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=pt-BR"],
            UserDataDir = TestFolders.New("chromium"),
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }
    }
}
