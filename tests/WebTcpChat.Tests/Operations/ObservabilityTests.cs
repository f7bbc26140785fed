using System.Net;
using System.Text.Json;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Operations;

public sealed class ObservabilityTests
{
    [Fact]
    public async Task MetricsAreExportedForPrometheus_OursWithKestrelsAndSignalRs()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();
        await tcp.SendLineAsync("counted");
        await web.WaitForTextAsync("counted");
        using var http = server.CreateHttpClient();

        var metrics = await Eventually.WaitForAsync(
            () => http.GetStringAsync(new Uri("/metrics", UriKind.Relative)),
            text => text.Contains("webtcpchat_messages_received", StringComparison.Ordinal));

        foreach (var name in new[]
        {
            "webtcpchat_connections", "webtcpchat_messages_received", "webtcpchat_messages_delivered", "webtcpchat_bytes",
            "webtcpchat_send_queue_bytes", "webtcpchat_store_write_duration", "kestrel_active_connections", "signalr_server_active_connections",
        })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }

        Assert.Contains("transport=\"tcp\"", metrics, StringComparison.Ordinal);
        Assert.Contains("transport=\"web\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsAreOnlyForTheAllowedNetworks_AndForwardedAddressesAreBelievedOnlyFromTrustedProxies()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["ReverseProxy:Enabled"] = "true",
            ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
        });
        using var http = server.CreateHttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);

        using var fromOutside = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        fromOutside.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(fromOutside)).StatusCode);

        using var fromInside = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        fromInside.Headers.Add("X-Forwarded-For", "10.1.2.3");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(fromInside)).StatusCode);
    }

    [Fact]
    public async Task ForwardedHeadersAreIgnoredUnlessEnabled()
    {
        await using var server = ChatServer.Start();
        using var http = server.CreateHttpClient();
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        spoofed.Headers.Add("X-Forwarded-For", "203.0.113.7");

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(spoofed)).StatusCode);
    }

    [Fact]
    public async Task HealthAndReadinessAnswer()
    {
        await using var server = ChatServer.Start();
        using var http = server.CreateHttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task LogsCanBeCompactJson_WithARequestLogLine_AndNoMessageText()
    {
        using var database = new TestDatabase();
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            [TestDatabase.SettingKey] = database.ConnectionString,
            ["Logs:Format"] = "Json",
        });
        using var http = new HttpClient { BaseAddress = gateway.HttpAddress };
        await using (var tcp = await TcpChatClient.ConnectAsync(gateway.TcpPort))
        {
            await tcp.SendLineAsync("a secret message text");
            await using var web = await WebChatClient.ConnectAsync(gateway.HttpAddress);
            await web.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Source == ChatSource.Web);
        }

        await http.GetStringAsync(new Uri("/api/messages", UriKind.Relative));

        var events = await Eventually.WaitForAsync(
            () => Task.FromResult(gateway.Output.Split('\n').Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line)).ToList()),
            parsed => parsed.Any(e => Rendered(e).Contains("/api/messages", StringComparison.Ordinal))
                && parsed.Any(e => Rendered(e).Contains("TCP session", StringComparison.Ordinal) && Rendered(e).Contains("closed", StringComparison.Ordinal)));
        Assert.All(events, e => Assert.True(e.RootElement.TryGetProperty("@t", out _)));
        Assert.DoesNotContain(gateway.Output.Split('\n'), line => line.Contains("a secret message text", StringComparison.Ordinal));
    }

    private static string Rendered(JsonDocument logEvent) =>
        logEvent.RootElement.TryGetProperty("@m", out var message) ? message.GetString() ?? "" : "";
}
