using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;
using WebTcpChat.Hubs;
using WebTcpChat.Tcp;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Hostile;

/// <summary>Issue 4, case 5: connection limits, Kestrel's limits, and SignalR's message size.</summary>
public sealed class ConnectionLimitTests
{
    private const int RefusedEvent = 213;

    [Fact]
    public async Task PastTheLimitPerAddressANewTcpConnectionGetsAOneLineReasonAndIsClosed()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:MaxConnectionsPerIp"] = "2" });
        await using var web = await server.ConnectWebAsync();
        await using var first = await server.ConnectTcpAsync();
        var second = await server.ConnectTcpAsync();

        var refused = await ReadUntilClosedAsync(server.TcpPort);

        Assert.Equal(["ERROR: Too many connections from your address (2). Close one and try again."], refused);
        await server.Logs.WaitForEventIdAsync(RefusedEvent);
        await first.SendLineAsync("still chatting");
        await web.WaitForTextAsync("still chatting");

        // A place freed is a place given back.
        await second.DisposeAsync();
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Leave && m.Nick == second.Nick);
        var limiter = server.Services.GetRequiredService<TcpConnectionLimiter>();
        await Eventually.WaitForAsync(() => Task.FromResult(limiter.Total), total => total == 1);
        await using var third = await server.ConnectTcpAsync();
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == third.Nick);
    }

    [Fact]
    public async Task PastTheTotalLimitANewTcpConnectionGetsAOneLineReasonAndIsClosed()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:MaxConnections"] = "2" });
        await using var first = await server.ConnectTcpAsync();
        await using var second = await server.ConnectTcpAsync();

        var refused = await ReadUntilClosedAsync(server.TcpPort);

        Assert.Equal(["ERROR: The server is full (2 connections). Try again later."], refused);

        // Browsers do not count against the TCP limit.
        await using var web = await server.ConnectWebAsync();
        await first.SendLineAsync("hi");
        await web.WaitForTextAsync("hi");
    }

    [Fact]
    public void KestrelsOwnConnectionLimitsFollowTheLimitsSection()
    {
        using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["Limits:MaxConnections"] = "300",
            ["Limits:MaxWebConnections"] = "200",
        });

        var kestrel = server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(200, kestrel.MaxConcurrentUpgradedConnections);
        Assert.Equal(500, kestrel.MaxConcurrentConnections);
    }

    [Fact]
    public void SignalRsMessageSizeFollowsTheLineLimit()
    {
        using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:MaxLineBytes"] = "1000" });

        // The global options: the chat hub sets no options of its own, so SignalR uses these.
        var hub = server.Services.GetRequiredService<IOptions<HubOptions>>().Value;

        Assert.Equal(HubLimits.MaximumReceiveMessageSize(1000), hub.MaximumReceiveMessageSize);
        Assert.InRange(hub.MaximumReceiveMessageSize!.Value, 6 * 1000, 8 * 1000);
    }

    [Fact]
    public async Task AHubLineOverTheLimitIsRefusedByTheChat_AndAHugeMessageClosesOnlyThatConnection()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:MaxLineBytes"] = "100" });
        await using var observer = await server.ConnectTcpAsync();
        await using var web = await server.ConnectWebAsync();

        // Over the line limit, even written with the longest JSON escapes: the chat's own error.
        var error = await Assert.ThrowsAsync<HubException>(() => web.SendAsync(new string('\u0001', 101)));
        Assert.Contains("too long", error.Message, StringComparison.Ordinal);
        await web.SendAsync("usable");
        await observer.WaitForLineContainingAsync("> usable");

        // Far past it (yet under SignalR's default 32 KB, so this is the configured size at work):
        // SignalR refuses the message before buffering it, and closes that connection.
        await Assert.ThrowsAnyAsync<Exception>(() => web.SendAsync(new string('x', 20_000)));
        await web.Closed.WaitAsync(Timeouts.Event);
        await observer.WaitForLineContainingAsync($"<-- {web.Nick} left");

        await using var other = await server.ConnectWebAsync();
        await other.SendAsync("the hub is fine");
        await observer.WaitForLineContainingAsync("> the hub is fine");
    }

    private static async Task<List<string>> ReadUntilClosedAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
