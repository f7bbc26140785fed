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

        // Chunks small enough for readers that keep up. The stuck client falls further behind with
        // each; once the kernel's socket buffers are full, its queue fills and it must be dropped.
        // The bound on chunks only stops a broken server from running forever.
        var payload = new string('z', 4000);
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
                var message = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text || (m.Kind == MessageKind.Leave && m.Nick == stuck.Nick));
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
        Assert.Contains("SendQ exceeded", leave.Text, StringComparison.Ordinal);
    }
}
