using System.Threading.Channels;

namespace WebTcpChat.Chat;

/// <summary>
/// The single-node log: a bounded queue whose one reader gives ids and times in arrival order and
/// hands each batch to the sink. A full queue makes senders wait, which slows floods at the source.
/// </summary>
internal sealed class InProcessChatLog(IMessageSink sink, TimeProvider clock) : BackgroundService, IChatLog
{
    private const int QueueCapacity = 65_536;
    private const int MaxBatch = 1_024;

    private readonly Channel<MessageDraft> _drafts = Channel.CreateBounded<MessageDraft>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long _lastId;
    private DateTime _lastTime;

    public ValueTask AppendAsync(MessageDraft draft, CancellationToken cancellationToken) =>
        _drafts.Writer.WriteAsync(draft, cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Drain what users already sent (their leave events included) before stopping.
        _drafts.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ChatMessage>(MaxBatch);
        var reader = _drafts.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var draft))
            {
                batch.Add(draft.Commit(++_lastId, NextTime()));
            }

            sink.Deliver(batch);
            batch.Clear();
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
