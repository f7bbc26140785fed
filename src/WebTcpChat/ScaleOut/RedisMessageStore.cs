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
    private const int PruneScanPage = 1_000;

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

    // Age only. The count (keep) is kept by every append itself: the append script XADDs with
    // MAXLEN ~, atomically and in the one order, to the log and to the room stream it writes, at
    // almost no cost. Trimming the count here as well only repeated that on every node, each scanning
    // every room's stream. Age needs this round: a time is not an id, and a quiet room gets no appends.
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

    // The id of the oldest entry that is not older than the cutoff, scanning from the oldest end.
    private async Task<string?> FirstAtOrAfterAsync(long cutoffMilliseconds)
    {
        var from = "-";
        while (true)
        {
            var page = await redis.Database.StreamRangeAsync(redis.Keys.Log, from, "+", PruneScanPage).ConfigureAwait(false);
            if (page.Length == 0)
            {
                return null;
            }

            foreach (var entry in page)
            {
                if ((long)entry["t"] >= cutoffMilliseconds)
                {
                    return entry.Id!;
                }
            }

            from = LogEntryCodec.EntryId(LogEntryCodec.IdOf(page[^1].Id) + 1);
        }
    }
}
