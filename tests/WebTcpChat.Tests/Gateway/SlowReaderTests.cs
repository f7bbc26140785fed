using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Gateway;

public sealed class SlowReaderTests
{
    [Fact]
    public async Task AClientThatNeverReadsIsDroppedAtItsQueueBound_WhileEveryoneElseGetsEverything()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:SendQueueBytes"] = "32768" });
        await using var web = await server.ConnectWebAsync();
        await using var reader = await server.ConnectTcpAsync();

        // A tiny receive window that this test never drains.
        await using var stuck = await TcpChatClient.ConnectAsync(server.TcpPort, receiveBufferSize: 1024);
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == stuck.Nick);
        await using var sender = await server.ConnectTcpAsync();

        var leave = await SlowReaderDrill.SendUntilDroppedAsync(sender, web, reader, stuck.Nick, 'z');

        Assert.NotNull(leave);
        Assert.Contains("SendQ exceeded", leave.Text, StringComparison.Ordinal);
    }
}
