using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Hostile;

/// <summary>Issue 4, case 7, the SignalR side: a browser or bot that stops reading is dropped at its queue bound.</summary>
public sealed class WebSlowReaderTests
{
    [Fact]
    public async Task ASignalRClientThatStopsReadingIsDroppedAtItsQueueBound_WhileEveryoneElseGetsEverything()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["Limits:SendQueueBytes"] = "32768",
            ["Limits:FloodLinesPerSecond"] = "0", // the sender goes as fast as its readers keep up
        });
        await using var web = await server.ConnectWebAsync();
        await using var reader = await server.ConnectTcpAsync();
        var (stuck, stuckNick) = await StuckWebClient.ConnectAsync(server.HttpAddress);
        await using var stuckConnection = stuck;
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == stuckNick);
        await using var sender = await server.ConnectTcpAsync();

        // As in the TCP slow-reader test: chunks the readers that keep up acknowledge, until the stuck
        // client's socket buffers, SignalR's pipe and then its send queue are full and it is dropped.
        var payload = new string('w', 4000);
        const int PerChunk = 5;
        const int MaxChunks = 2_000;
        ChatMessage? leave = null;
        var chunksAfterLeave = 0;
        for (var chunk = 0; chunk < MaxChunks && chunksAfterLeave < 5; chunk++)
        {
            for (var i = 0; i < PerChunk; i++)
            {
                await sender.SendLineAsync($"{chunk}.{i} {payload}");
            }

            for (var i = 0; i < PerChunk; i++)
            {
                var message = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text || (m.Kind == MessageKind.Leave && m.Nick == stuckNick));
                if (message.Kind == MessageKind.Leave)
                {
                    leave = message;
                    message = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text);
                }

                Assert.Equal($"{chunk}.{i} {payload}", message.Text);
                await reader.WaitForLineContainingAsync($"> {chunk}.{i} {payload}");
            }

            chunksAfterLeave += leave is null ? 0 : 1;
        }

        Assert.NotNull(leave);
        Assert.StartsWith("SendQ exceeded", leave.Text, StringComparison.Ordinal);
        Assert.Empty(server.Logs.Errors());
    }
}
