using Microsoft.Playwright;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.BrowserTests.Browser;

/// <summary>
/// One headless Debian Chromium per test class, driven by Playwright; each test opens its own
/// contexts. Playwright's own browser downloads are never used: the browser is the system's.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {ExecutablePath}. Run ./test.sh, which installs it on Debian (apt-get install chromium).");
        }

        // Expectations retry until this bound; generous because the machine is shared and slow.
        Assertions.SetDefaultExpectTimeout((float)Timeouts.Event.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
