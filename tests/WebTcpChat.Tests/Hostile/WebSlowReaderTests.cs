using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Hostile;

/// <summary>Issue 4, case 7, the SignalR side: a browser or bot that stops reading is dropped at its queue bound.</summary>
public sealed class WebSlowReaderTests
{
    [Fact]
    public async Task ASignalRClientThatStopsReadingIsDroppedAtItsQueueBound_WhileEveryoneElseGetsEverything()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:SendQueueBytes"] = "32768" });
        await using var web = await server.ConnectWebAsync();
        await using var reader = await server.ConnectTcpAsync();
        var (stuck, stuckNick) = await StuckWebClient.ConnectAsync(server.HttpAddress);
        await using var stuckConnection = stuck;
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == stuckNick);
        await using var sender = await server.ConnectTcpAsync();

        var leave = await SlowReaderDrill.SendUntilDroppedAsync(sender, web, reader, stuckNick, 'w');

        Assert.NotNull(leave);
        Assert.StartsWith("SendQ exceeded", leave.Text, StringComparison.Ordinal);
        Assert.Empty(server.Logs.Errors());
    }
}
