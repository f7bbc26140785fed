using Microsoft.AspNetCore.SignalR;
using WebTcpChat.Chat;
using WebTcpChat.Observability;

namespace WebTcpChat.Hubs;

/// <summary>
/// A SignalR user. Its writer is the only code that sends to the connection, one call at a time
/// in queue order; when the client stops reading, sends stop completing, the queue fills, and the
/// connection is aborted rather than the server's memory growing.
/// </summary>
internal sealed class WebSession(HubCallerContext context, IChatClient client, ChatService chat, ChatMetrics metrics, long sendQueueBytes)
    : ChatSession(ChatSource.Web, context.GetHttpContext()?.Connection.RemoteIpAddress, sendQueueBytes)
{
    public string ConnectionId => context.ConnectionId;

    public override bool EchoesOwnLines => true;

    public override bool WantsUserList => true;

    public async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        var items = new List<OutboundItem>();
        try
        {
            while (await Outbox.WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                items = Outbox.TakeAll(items, out var usersRequested);
                var bytes = 0L;
                foreach (var item in items)
                {
                    bytes += item.Bytes;
                    if (!await SendAsync(item).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                items.Clear();
                if (usersRequested)
                {
                    await client.Users(chat.Users()).ConfigureAwait(false);
                }

                Outbox.Release(bytes);
                metrics.BytesWritten(ChatSource.Web, bytes);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection closed while a send was waiting.
        }
    }

    protected override void Abort(string reason)
    {
        context.Abort();

        // SignalR's goodbye (its close message) would wait behind the very sends this client stopped
        // reading, holding the session open until SignalR's send timeout; cut the connection itself.
        context.GetHttpContext()?.Abort();
    }

    // Returns false once the connection should end.
    private async ValueTask<bool> SendAsync(OutboundItem item)
    {
        switch (item.Kind)
        {
            case OutboundKind.Message:
                await client.Message(item.Message!).ConfigureAwait(false);
                return true;
            case OutboundKind.History:
                await client.History(item.History!).ConfigureAwait(false);
                return true;
            case OutboundKind.Nickname:
                await client.Nickname(item.Text!).ConfigureAwait(false);
                return true;
            case OutboundKind.Notice:
                await client.Notice(item.Text!).ConfigureAwait(false);
                return true;
            case OutboundKind.Error:
                await client.Notice("Error: " + item.Text).ConfigureAwait(false);
                return true;
            case OutboundKind.Close:
                await client.Notice($"Closing connection: {item.Text}.").ConfigureAwait(false);
                context.Abort();
                return false;
            default:
                return true;
        }
    }
}
