using System.Threading.Channels;
using WebTcpChat.Chat.Nicknames;
using WebTcpChat.Storage;

namespace WebTcpChat.Chat;

/// <summary>
/// The single-node log: a bounded queue whose one reader gives ids and times in arrival order,
/// writes each batch to the store (group commit: whatever queued up during the last write goes in
/// the next one), and only then hands it to the sink. So no one sees a message that a crash could
/// lose. A full queue makes senders wait, which slows floods at the source.
/// </summary>
internal sealed class InProcessChatLog(
    IMessageSink sink, StoreWriter store, RecentHistoryLoader history, INickRegistry nicks, ChatLogReadiness readiness, TimeProvider clock)
    : BackgroundService, IChatLog
{
    private const int QueueCapacity = 65_536;
    private const int MaxBatch = 4_096;

    private readonly Channel<MessageDraft> _drafts = Channel.CreateBounded<MessageDraft>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long _lastId;
    private DateTime _lastTime;

    public ValueTask AppendAsync(MessageDraft draft, CancellationToken cancellationToken) =>
        _drafts.Writer.WriteAsync(draft, cancellationToken);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Ids continue from the store, so they keep increasing across restarts. A store that cannot
        // be opened at start-up stops the server: ids could not be trusted.
        _lastId = await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await history.StartAsync(_lastId, cancellationToken).ConfigureAwait(false);
        readiness.MarkReady();
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Drain what users already sent (their leave events included) before stopping.
        _drafts.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _drafts.Reader;
        var released = new List<(string Nick, long SessionId)>();
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var batch = new List<ChatMessage>();
            while (batch.Count < MaxBatch && reader.TryRead(out var draft))
            {
                batch.Add(draft.Commit(++_lastId, NextTime()));
                if (draft.ReleasesNick)
                {
                    released.Add((draft.Nick, draft.OriginSessionId));
                }
            }

            await store.WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
            sink.Deliver(batch);
            foreach (var (nick, sessionId) in released)
            {
                await nicks.ReleaseAsync(nick, sessionId, CancellationToken.None).ConfigureAwait(false);
            }

            released.Clear();
        }
    }

    // Milliseconds, like the wire format, and never earlier than the message before.
    private DateTime NextTime()
    {
        var ticks = clock.GetUtcNow().UtcTicks;
        var now = new DateTime(ticks - (ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        _lastTime = now > _lastTime ? now : _lastTime;
        return _lastTime;
    }
}
