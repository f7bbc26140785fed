using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Hostile;

/// <summary>Issue 4, case 9: only the hub's own origin and the configured origins may open it from a page.</summary>
public sealed class OriginTests
{
    private const int OriginRefusedEvent = 310;
    private const string Foreign = "http://evil.example";

    [Theory]
    [InlineData(HttpTransportType.WebSockets, true)] // straight to the WebSocket, as a hostile page can
    [InlineData(HttpTransportType.WebSockets, false)]
    [InlineData(HttpTransportType.LongPolling, false)]
    public async Task APageFromAnotherOriginIsRefused(HttpTransportType transport, bool skipNegotiation)
    {
        await using var server = ChatServer.Start();
        await using var observer = await server.ConnectTcpAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(server, Foreign, transport, skipNegotiation));

        await server.Logs.WaitForEventIdAsync(OriginRefusedEvent);
        while (await observer.NextLineWithinAbsenceWindowAsync() is { } line)
        {
            Assert.DoesNotContain("joined (web)", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheNegotiateRequestFromAnotherOriginGets403()
    {
        await using var server = ChatServer.Start();
        using var http = server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("hubs/chat/negotiate?negotiateVersion=1", UriKind.Relative));
        request.Headers.Add("Origin", Foreign);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ThePagesOwnOriginIsLetIn()
    {
        await using var server = ChatServer.Start();
        var own = server.HttpAddress.GetLeftPart(UriPartial.Authority);

        await using var page = await ConnectAsync(server, own, HttpTransportType.WebSockets, skipNegotiation: false);
        await page.InvokeAsync("Send", "from my own page");
    }

    [Fact]
    public async Task AConfiguredOriginIsLetIn_AndOthersStillAreNot()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:AllowedOrigins:0"] = "https://chat.example.org" });

        await using var page = await ConnectAsync(server, "https://chat.example.org", HttpTransportType.WebSockets, skipNegotiation: true);
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(server, Foreign, HttpTransportType.WebSockets, skipNegotiation: true));
    }

    [Fact]
    public async Task AClientWithoutAnOriginIsNotAPage_AndIsLetIn()
    {
        await using var server = ChatServer.Start();
        await using var bot = await server.ConnectWebAsync();
        await bot.SendAsync("bots send no Origin");
    }

    [Theory]
    [InlineData("chat.example.org")]
    [InlineData("https://chat.example.org/")]
    [InlineData("https://chat.example.org/path")]
    [InlineData("ftp://chat.example.org")]
    public void AnAllowedOriginThatIsNotAnOriginStopsStartUp(string origin)
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:AllowedOrigins:0"] = origin });
        });

        Assert.Contains("Limits:AllowedOrigins", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HubConnection> ConnectAsync(ChatServer server, string origin, HttpTransportType transport, bool skipNegotiation)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.HttpAddress, "hubs/chat"), options =>
            {
                options.Transports = transport;
                options.SkipNegotiation = skipNegotiation;
                options.Headers["Origin"] = origin;
            })
            .Build();
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        try
        {
            await connection.StartAsync(timeout.Token);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
