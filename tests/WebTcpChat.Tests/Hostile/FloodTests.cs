using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Hostile;

/// <summary>Issue 4, case 4: over the bucket lines wait; sustained excess is "Excess Flood", on both transports.</summary>
public sealed class FloodTests
{
    private const int ExcessFloodEvent = 120;
    private const int DelayingEvent = 121;

    private static readonly Dictionary<string, string?> Strict = new()
    {
        ["Limits:FloodBurst"] = "3",
        ["Limits:FloodLinesPerSecond"] = "2",
        ["Serilog:MinimumLevel:Default"] = "Information",
    };

    [Fact]
    public async Task TcpLinesOverTheBucketAreDelayedNotDropped()
    {
        // A fake clock: the line over the bucket can only go when the test moves time on.
        var time = new FakeTimeProvider();
        await using var server = ChatServer.Start(
            new Dictionary<string, string?> { ["Limits:FloodBurst"] = "2", ["Limits:FloodLinesPerSecond"] = "1", ["Serilog:MinimumLevel:Default"] = "Information" },
            services => services.AddSingleton<TimeProvider>(time));
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendRawAsync(Encoding.UTF8.GetBytes("one\ntwo\nthree\n"));

        await web.WaitForTextAsync("one");
        await web.WaitForTextAsync("two");
        await server.Logs.WaitForEventIdAsync(DelayingEvent);
        Assert.Null(await web.NextMessageWithinAbsenceWindowAsync());

        time.Advance(TimeSpan.FromSeconds(1));
        await web.WaitForTextAsync("three");
    }

    [Fact]
    public async Task HubSendsOverTheBucketCompleteLater()
    {
        var time = new FakeTimeProvider();
        await using var server = ChatServer.Start(
            new Dictionary<string, string?> { ["Limits:FloodBurst"] = "1", ["Limits:FloodLinesPerSecond"] = "1" },
            services => services.AddSingleton<TimeProvider>(time));
        await using var observer = await server.ConnectTcpAsync();
        await using var web = await server.ConnectWebAsync();

        await web.SendAsync("first");
        var second = web.SendAsync("second");

        await observer.WaitForLineContainingAsync("> first");
        Assert.Null(await observer.NextLineWithinAbsenceWindowAsync());
        Assert.False(second.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(Timeouts.Event);
        await observer.WaitForLineContainingAsync("> second");
    }

    [Fact]
    public async Task ATcpClientThatKeepsFloodingIsDisconnectedWithExcessFlood_WhileOthersGoOn()
    {
        await using var server = ChatServer.Start(Strict);
        await using var web = await server.ConnectWebAsync();
        await using var bystander = await server.ConnectTcpAsync();
        await using var flooder = await server.ConnectTcpAsync();

        await flooder.SendRawAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"flood {i}\n"))));

        var lines = await flooder.ReadUntilClosedAsync();
        Assert.Contains(lines, line => line.Contains("Closing connection: Excess Flood", StringComparison.Ordinal));
        var leave = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Leave && m.Nick == flooder.Nick);
        Assert.Equal("Excess Flood", leave.Text);

        // The burst and the delayed lines (3 + 3, more only if the server itself was slower than the
        // rate) went through, in order, and then nothing: the rest of the flood was never read.
        var flood = web.Received.Where(m => m.Kind == MessageKind.Text && m.Nick == flooder.Nick).Select(m => m.Text).ToList();
        Assert.InRange(flood.Count, 6, 199);
        Assert.Equal(Enumerable.Range(0, flood.Count).Select(i => $"flood {i}"), flood);
        await server.Logs.WaitForEventIdAsync(ExcessFloodEvent);

        await bystander.SendLineAsync("unaffected");
        await web.WaitForTextAsync("unaffected");
    }

    [Fact]
    public async Task AHubClientThatKeepsFloodingIsDisconnectedWithExcessFlood_WhileOthersGoOn()
    {
        await using var server = ChatServer.Start(Strict);
        await using var observer = await server.ConnectWebAsync();
        await using var bystander = await server.ConnectTcpAsync();
        await using var flooder = await server.ConnectWebAsync();

        // Fire and forget, as a careless bot would; SignalR runs them one at a time.
        for (var i = 0; i < 50; i++)
        {
            await flooder.Connection.SendAsync("Send", $"flood {i}");
        }

        var leave = await observer.WaitForMessageAsync(m => m.Kind == MessageKind.Leave && m.Nick == flooder.Nick);
        Assert.Equal("Excess Flood", leave.Text);
        await flooder.Closed.WaitAsync(Timeouts.Event);
        Assert.InRange(observer.Received.Count(m => m.Kind == MessageKind.Text && m.Nick == flooder.Nick), 6, 49);

        await bystander.SendLineAsync("unaffected");
        await observer.WaitForTextAsync("unaffected");
        Assert.Empty(server.Logs.Errors()); // calls still waiting when it was cut off end quietly
    }

    [Fact]
    public async Task NickChangesCountAsLinesToo()
    {
        await using var server = ChatServer.Start(Strict);
        await using var observer = await server.ConnectWebAsync();
        await using var flooder = await server.ConnectWebAsync();

        for (var i = 0; i < 50; i++)
        {
            await flooder.Connection.SendAsync("SetNick", $"nick{i}");
        }

        var leave = await observer.WaitForMessageAsync(m => m.Kind == MessageKind.Leave);
        Assert.Equal("Excess Flood", leave.Text);
    }
}
