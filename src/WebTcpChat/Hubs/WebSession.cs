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
    // With thousands online a full list is large, and a connect storm changes it thousands of times a
    // second: each browser gets at most one list per interval, always the latest. The interval grows
    // with the list (about 1,000 users, 36 KB, per browser per second), so a big chat's churn does not
    // send every browser 200 KB a second: 1,000 browsers x 6,000 users made 1.8 GB of garbage and held
    // 100 MB of socket buffers in a connect storm.
    private static readonly TimeSpan MinUsersInterval = TimeSpan.FromSeconds(1);
    private const double UsersPerSecond = 1_000;

    // Null only for a hub whose lifetime manager is not ours (tests that build a hub by hand): the
    // typed client then sends everything.
    private readonly HubConnectionContext? _connection = ChatHubLifetimeManager.ConnectionOf(context);
    private long _nextUsersAt;
    private int _usersDeferred;

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
                    await SendUsersAsync().ConfigureAwait(false);
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

    private async ValueTask SendUsersAsync()
    {
        var now = Environment.TickCount64;
        if (now < _nextUsersAt)
        {
            // Too soon after the last list: ask again when the interval is over; changes until then collapse into it.
            if (Interlocked.Exchange(ref _usersDeferred, 1) == 0)
            {
                // Safe to let go: the delay cannot fail, and asking a completed outbox does nothing.
                _ = RequestUsersLaterAsync(TimeSpan.FromMilliseconds(_nextUsersAt - now));
            }

            return;
        }

        var users = chat.Users();
        var interval = Math.Max(MinUsersInterval.TotalMilliseconds, users.Count * 1_000 / UsersPerSecond);
        _nextUsersAt = now + (long)interval;
        var list = SharedUserList.For(users);
        if (_connection is { } connection)
        {
            await connection.WriteAsync(HubFrames.Users(list)).ConfigureAwait(false);
        }
        else
        {
            await client.Users(list).ConfigureAwait(false);
        }
    }

    private async Task RequestUsersLaterAsync(TimeSpan delay)
    {
        await Task.Delay(delay).ConfigureAwait(false);
        Volatile.Write(ref _usersDeferred, 0);
        Outbox.RequestUsers();
    }

    private ValueTask SendMessageAsync(ChatMessage message) =>
        _connection is { } connection ? connection.WriteAsync(HubFrames.Message(message)) : new(client.Message(message));

    // Returns false once the connection should end.
    private async ValueTask<bool> SendAsync(OutboundItem item)
    {
        switch (item.Kind)
        {
            case OutboundKind.Messages:
                foreach (var message in item.Batch!)
                {
                    if (ShouldReceive(message, item.Membership!))
                    {
                        await SendMessageAsync(message).ConfigureAwait(false);
                    }
                }

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
