using Microsoft.Playwright;
using WebTcpChat.BrowserTests.Browser;
using WebTcpChat.Hosting;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.BrowserTests;

/// <summary>The page over HTTPS, chatting with a terminal that connects over TLS.</summary>
public sealed class HttpsTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task ThePageWorksOverHttps_AndItsConnectionFollowsTheScheme()
    {
        using var certificate = new TestCertificate();
        var settings = certificate.EndpointSettings(EndpointNames.Https);
        foreach (var (key, value) in certificate.EndpointSettings(EndpointNames.Tcps))
        {
            settings[key] = value;
        }

        await using var server = ChatServer.Start(settings);
        var https = new Uri($"https://localhost:{server.Port(EndpointNames.Https)}/");
        var requests = new List<string>();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server, new BrowserNewContextOptions { IgnoreHTTPSErrors = true }, https);
        page.Page.Request += (_, request) => requests.Add(request.Url);
        await using var terminal = await TcpChatClient.ConnectTlsAsync(server.Port(EndpointNames.Tcps), certificate.Certificate);

        Assert.Equal("https:", await page.Page.EvaluateAsync<string>("location.protocol"));
        await page.SendAsync("secure hello from the page");
        await terminal.WaitForLineContainingAsync("> secure hello from the page");
        await terminal.SendLineAsync("secure hello from a terminal");
        await page.ExpectOneMessageAsync("secure hello from a terminal");

        Assert.DoesNotContain(requests, url => url.StartsWith("http:", StringComparison.Ordinal) || url.StartsWith("ws:", StringComparison.Ordinal));
        Assert.Empty(page.Errors);
    }
}
