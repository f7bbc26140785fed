using WebTcpChat.Chat;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// Sends long lines in chunks that readers who keep up acknowledge, until a client that stopped
/// reading is dropped. It falls further behind with each chunk: once the kernel's socket buffers (and
/// for a browser SignalR's pipe) are full, its send queue fills and the server must drop it.
/// </summary>
public static class SlowReaderDrill
{
    private const int PerChunk = 5;
    private const int MaxChunks = 2_000; // only stops a broken server from running forever

    /// <summary>
    /// Chats until <paramref name="stuckNick"/> leaves (and five chunks more), checking that
    /// <paramref name="web"/> and <paramref name="reader"/> get every line meanwhile; returns the leave.
    /// </summary>
    public static async Task<ChatMessage?> SendUntilDroppedAsync(
        TcpChatClient sender, WebChatClient web, TcpChatClient reader, string stuckNick, char filler)
    {
        var payload = new string(filler, 4000);
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

        return leave;
    }
}
