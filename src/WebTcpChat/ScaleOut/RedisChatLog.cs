using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WebTcpChat.Chat;
using WebTcpChat.Observability;
using WebTcpChat.Storage;

namespace WebTcpChat.ScaleOut;

/// <summary>
/// The shared log, for a chat that spans nodes. Appends go out in batches: one Lua call per batch
/// gives the ids, writes the stream entries and publishes. Every node (this one included) reads the
/// stream from its last delivered id, woken by the publish (or a one-second poll), and hands what it
/// reads to its own dispatcher, so every user on every node gets every message once, in stream order.
/// While Redis is unreachable, lines wait here, in order, and go out when it is back.
/// </summary>
internal sealed partial class RedisChatLog(
    RedisConnection redis,
    IMessageSink sink,
    ChatDispatcher dispatcher,
    Presence presence,
    RecentHistoryLoader history,
    ChatLogReadiness readiness,
    IOptions<RedisOptions> options,
    IOptions<StorageOptions> storage,
    ChatMetrics metrics,
    RefusedBatch refused,
    ILogger<RedisChatLog> logger) : BackgroundService, IChatLog
{
    private const int MaxBatch = 512;
    private const int ReadCount = 1_000;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    private readonly Channel<MessageDraft> _drafts = Channel.CreateBounded<MessageDraft>(
        new BoundedChannelOptions(options.Value.MaxQueuedLines) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly SemaphoreSlim _appended = new(0, 1);
    private long _lastDelivered;
    private long _batch;

    public ValueTask AppendAsync(MessageDraft draft, CancellationToken cancellationToken) =>
        _drafts.Writer.WriteAsync(draft, cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _drafts.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _appended.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RetryAsync(() => redis.Multiplexer.GetSubscriber().SubscribeAsync(redis.Keys.Appended, (_, _) => WakeReader()), stoppingToken).ConfigureAwait(false);
        await RetryAsync(LoadAsync, stoppingToken).ConfigureAwait(false);
        await Task.WhenAll(AppendLoopAsync(stoppingToken), ReadLoopAsync(stoppingToken)).ConfigureAwait(false);
    }

    // Where this node starts: the recent history, who is online now, and the last id so far.
    private async Task LoadAsync()
    {
        var keys = redis.Keys;
        var db = redis.Database;
        var last = await db.StreamRangeAsync(keys.Log, "-", "+", 1, Order.Descending).ConfigureAwait(false);
        var sequence = (long?)await db.StringGetAsync(keys.Sequence).ConfigureAwait(false) ?? 0;
        _lastDelivered = last.Length > 0 ? LogEntryCodec.IdOf(last[0].Id) : sequence;

        // The default room's recent history, up to the position reading starts from.
        var recent = await history.StartAsync(_lastDelivered, CancellationToken.None).ConfigureAwait(false);
        presence.Reset(await OnlineUsersAsync().ConfigureAwait(false));
        dispatcher.RefreshUserLists();
        readiness.MarkReady();
        LogLoaded(logger, _lastDelivered, recent);
    }

    private async Task<List<(UserInfo, IEnumerable<string>)>> OnlineUsersAsync()
    {
        var users = new List<(UserInfo, IEnumerable<string>)>();
        foreach (var endpoint in redis.Multiplexer.GetEndPoints())
        {
            var server = redis.Multiplexer.GetServer(endpoint);
            if (server.IsReplica)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(pattern: redis.Keys.NickPattern).ConfigureAwait(false))
            {
                if (await redis.Database.StringGetAsync(key).ConfigureAwait(false) is { HasValue: true } holder
                    && NickHolder.TryParse(holder!, out var parsed))
                {
                    var rooms = await redis.Database.SetMembersAsync(redis.Keys.UserRooms(redis.Keys.NickKeyOf(key!))).ConfigureAwait(false);
                    users.Add((new UserInfo(parsed.Nick, parsed.Source), rooms.Select(room => (string)room!)));
                }
            }
        }

        return users;
    }

    private async Task AppendLoopAsync(CancellationToken stoppingToken)
    {
        var reader = _drafts.Reader;
        var batch = new List<MessageDraft>(MaxBatch);
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var draft))
            {
                batch.Add(draft);
            }

            var number = ++_batch;
            var arguments = AppendBatchArguments.For(redis.Keys, redis.NodeId, number, storage.Value.MaxMessages, batch);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var appended = await RetryAsync(
                    () => redis.Database.ScriptEvaluateAsync(RedisScripts.AppendBatch, AppendBatchArguments.Keys(redis.Keys, redis.NodeId), arguments),
                    stoppingToken).ConfigureAwait(false);
                if (appended)
                {
                    // Scaled out, this is where a batch becomes durable: it counts as the store's write.
                    metrics.StoreWritten(Stopwatch.GetElapsedTime(started));
                }
                else
                {
                    LogLostAtShutdown(logger, batch.Count);
                }
            }
            catch (RedisException ex)
            {
                // Not an outage (those are retried): Redis refused the batch and would again.
                refused.Answer(batch, ex);
            }

            batch.Clear();
            WakeReader();
        }
    }

    private async Task ReadLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _appended.WaitAsync(Poll, stoppingToken).ConfigureAwait(false);
                await ReadNewAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                if (RedisFaults.IsTransient(ex))
                {
                    // Unreachable: the poll retries; connection loss and recovery are reported by the node.
                    LogReadFailed(logger, ex.Message);
                }
                else
                {
                    // Refused (the log key holds something else, say): no retry will fix it, and this
                    // node delivers nothing meanwhile, so it is said at every poll until someone does.
                    LogReadRefused(logger, ex.Message);
                }
            }
        }
    }

    private async Task ReadNewAsync()
    {
        while (true)
        {
            var entries = await redis.Database.StreamRangeAsync(
                redis.Keys.Log, LogEntryCodec.EntryId(_lastDelivered + 1), "+", ReadCount).ConfigureAwait(false);
            if (entries.Length == 0)
            {
                return;
            }

            var firstId = LogEntryCodec.IdOf(entries[0].Id);
            if (firstId != _lastDelivered + 1)
            {
                // Trimmed before this node read them (it was away longer than the log is kept).
                LogGap(logger, _lastDelivered + 1, firstId - 1);
            }

            var batch = new List<ChatMessage>(entries.Length);
            foreach (var entry in entries)
            {
                if (TryDecode(entry) is { } message)
                {
                    batch.Add(message);
                }
            }

            if (batch.Count > 0)
            {
                sink.Deliver(batch);
            }

            _lastDelivered = LogEntryCodec.IdOf(entries[^1].Id);
            if (entries.Length < ReadCount)
            {
                return;
            }
        }
    }

    // Only nodes write the log, but Redis is shared: an entry something else wrote there is skipped
    // with an error, rather than stopping every node that reads it.
    private ChatMessage? TryDecode(StreamEntry entry)
    {
        try
        {
            return LogEntryCodec.Decode(entry, redis.NodeId);
        }
        catch (Exception ex) when (ex is JsonException or InvalidCastException or FormatException or ArgumentException)
        {
            LogUnreadableEntry(logger, (string)entry.Id!, ex.Message);
            return null;
        }
    }

    private void WakeReader()
    {
        if (_appended.CurrentCount == 0)
        {
            try
            {
                _appended.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    // Retries a Redis operation while Redis is unreachable or slow, until it succeeds; false if the
    // server stopped first. Any other error is thrown at once: it is the operation's own, and sending
    // it again would only fail the same way, forever, with every line behind it waiting.
    private async Task<bool> RetryAsync(Func<Task> operation, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await operation().ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (RedisFaults.IsTransient(ex))
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return false;
                }

                LogRetrying(logger, ex.Message);
                try
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: one last try above, then give up.
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Shared log loaded: last id {LastId}, {Recent} recent messages")]
    private static partial void LogLoaded(ILogger logger, long lastId, int recent);

    [LoggerMessage(EventId = 411, Level = LogLevel.Debug, Message = "Redis operation failed, retrying: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string reason);

    [LoggerMessage(EventId = 412, Level = LogLevel.Debug, Message = "Reading the shared log failed: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 416, Level = LogLevel.Error, Message = "Redis refuses to let this node read the shared log, so it delivers nothing: {Reason}")]
    private static partial void LogReadRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 417, Level = LogLevel.Error, Message = "Shared log entry {EntryId} is not a message this gateway wrote, and is skipped: {Reason}")]
    private static partial void LogUnreadableEntry(ILogger logger, string entryId, string reason);

    [LoggerMessage(EventId = 413, Level = LogLevel.Warning, Message = "Messages {From} to {To} were trimmed from the shared log before this node read them")]
    private static partial void LogGap(ILogger logger, long from, long to);

    [LoggerMessage(EventId = 414, Level = LogLevel.Error, Message = "Stopped while Redis was unreachable: {Count} lines could not be appended")]
    private static partial void LogLostAtShutdown(ILogger logger, int count);
}
