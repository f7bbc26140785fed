using StackExchange.Redis;
using WebTcpChat.Chat;
using WebTcpChat.Storage;

namespace WebTcpChat.ScaleOut;

/// <summary>
/// History when the chat is shared: the shared log is the store. Every node reads the same stream,
/// so history on connect, <c>/history</c> and <c>GET /api/messages</c> agree on every node and have no
/// holes, however long a node was away. Appends are the log's job, so writing here is a no-op.
/// </summary>
internal sealed class RedisMessageStore(RedisConnection redis) : IMessageStore
{
    public async Task<long> InitializeAsync(CancellationToken cancellationToken) =>
        (long?)await redis.Database.StringGetAsync(redis.Keys.Sequence).ConfigureAwait(false) ?? 0;

    public Task AppendAsync(IReadOnlyList<ChatMessage> batch, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IReadOnlyList<ChatMessage>> BeforeAsync(string roomKey, long beforeId, int limit, CancellationToken cancellationToken)
    {
        if (beforeId <= 1)
        {
            return []; // ids start at 1; "0-0" and below are not stream ids
        }

        var end = beforeId == long.MaxValue ? "+" : LogEntryCodec.EntryId(beforeId - 1);
        var entries = await redis.Database.StreamRangeAsync(redis.Keys.RoomLog(roomKey), "-", end, limit, Order.Descending).ConfigureAwait(false);
        return [.. entries.Reverse().Select(entry => LogEntryCodec.Decode(entry, redis.NodeId))];
    }

    public async Task<IReadOnlyList<ChatMessage>> AfterAsync(string roomKey, long afterId, int limit, CancellationToken cancellationToken)
    {
        if (afterId == long.MaxValue)
        {
            return [];
        }

        var start = LogEntryCodec.EntryId(Math.Max(afterId, 0) + 1);
        var entries = await redis.Database.StreamRangeAsync(redis.Keys.RoomLog(roomKey), start, "+", limit).ConfigureAwait(false);
        return [.. entries.Select(entry => LogEntryCodec.Decode(entry, redis.NodeId))];
    }

    // Age only. The count (keep) is kept by every append itself: the append script trims each stream
    // it wrote (XTRIM MAXLEN ~), atomically and in the one order, at almost no cost. Trimming the
    // count here as well only repeated that on every node, each scanning every room's stream. Age
    // needs this round: a time is not an id, and a quiet room gets no appends.
    public async Task<int> PruneAsync(DateTime? olderThan, long? keep, CancellationToken cancellationToken)
    {
        if (olderThan is not { } cutoff)
        {
            return 0;
        }

        var db = redis.Database;
        var before = await db.StreamLengthAsync(redis.Keys.Log).ConfigureAwait(false);

        // Ids are the chat's own, the same in every stream, so one cut-off id serves them all.
        var keepFrom = await FirstAtOrAfterAsync(new DateTimeOffset(cutoff).ToUnixTimeMilliseconds()).ConfigureAwait(false);
        if (keepFrom is null)
        {
            return 0;
        }

        var streams = new List<RedisKey> { redis.Keys.Log };
        foreach (var endpoint in redis.Multiplexer.GetEndPoints())
        {
            var server = redis.Multiplexer.GetServer(endpoint);
            if (!server.IsReplica)
            {
                await foreach (var room in server.KeysAsync(pattern: redis.Keys.RoomLogPattern).WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    streams.Add(room);
                }
            }
        }

        foreach (var stream in streams)
        {
            await db.ExecuteAsync("XTRIM", stream, "MINID", keepFrom).ConfigureAwait(false);
        }

        return (int)(before - await db.StreamLengthAsync(redis.Keys.Log).ConfigureAwait(false));
    }

    // Nothing to check of its own: nothing waits here to be written (appends are the log's), and
    // whether Redis can be reached is the shared-chat readiness check's to say. Pinging here too made
    // one outage fail two checks, the store's with a bare timeout for its reason.
    public Task CheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Where age retention cuts: the id of the oldest entry not older than the cutoff, or one past the
    // newest when every entry is older; null when there is nothing to cut. A time is not an id, but
    // times never go backwards along the ids (the append script sees to it), so this is a binary
    // search over the ids: a few dozen XRANGEs from an id with COUNT 1, each O(log n) in Redis,
    // instead of reading the log page by page from its oldest end.
    private async Task<string?> FirstAtOrAfterAsync(long cutoffMilliseconds)
    {
        var db = redis.Database;
        var log = redis.Keys.Log;
        var oldest = await db.StreamRangeAsync(log, "-", "+", 1).ConfigureAwait(false);
        if (oldest.Length == 0 || LogEntryCodec.TimeOf(oldest[0]) >= cutoffMilliseconds)
        {
            return null;
        }

        var newest = (await db.StreamRangeAsync(log, "-", "+", 1, Order.Descending).ConfigureAwait(false))[0];
        if (LogEntryCodec.TimeOf(newest) < cutoffMilliseconds)
        {
            return LogEntryCodec.EntryId(LogEntryCodec.IdOf(newest.Id) + 1);
        }

        // The answer is the newest entry or one in [low, high]; entries below low are all too old.
        var answer = LogEntryCodec.IdOf(newest.Id);
        var low = LogEntryCodec.IdOf(oldest[0].Id) + 1;
        var high = answer - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var probe = (await db.StreamRangeAsync(log, LogEntryCodec.EntryId(middle), "+", 1).ConfigureAwait(false))[0];
            var id = LogEntryCodec.IdOf(probe.Id);
            if (id > high)
            {
                high = middle - 1; // no entry in [middle, high]
            }
            else if (LogEntryCodec.TimeOf(probe) >= cutoffMilliseconds)
            {
                answer = id; // and no entry in [middle, id): look below middle
                high = middle - 1;
            }
            else
            {
                low = id + 1;
            }
        }

        return LogEntryCodec.EntryId(answer);
    }
}
