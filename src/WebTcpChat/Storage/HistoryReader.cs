using WebTcpChat.Chat;

namespace WebTcpChat.Storage;

/// <summary>
/// Answers history questions (the API, <c>/history</c>) for one room at a time: from
/// the in-memory recent history when it holds the answer, from the store otherwise, and from memory
/// alone while the store is down.
/// </summary>
internal sealed partial class HistoryReader(IMessageStore store, RecentHistory recent, ILogger<HistoryReader> logger)
{
    public async Task<IReadOnlyList<ChatMessage>> BeforeAsync(string roomKey, long beforeId, int limit, CancellationToken cancellationToken)
    {
        var ring = recent.Find(roomKey);
        var cached = ring?.Before(beforeId, limit) ?? [];
        if (cached.Length == limit || ring is { HoldsEverything: true })
        {
            return cached;
        }

        return await FromStoreAsync(
            () => store.BeforeAsync(roomKey, beforeId, limit, cancellationToken), cached).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ChatMessage>> AfterAsync(string roomKey, long afterId, int limit, CancellationToken cancellationToken)
    {
        var ring = recent.Find(roomKey);
        if (ring is not null && ring.Covers(afterId))
        {
            return ring.After(afterId, limit);
        }

        return await FromStoreAsync(
            () => store.AfterAsync(roomKey, afterId, limit, cancellationToken), ring?.After(afterId, limit) ?? []).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ChatMessage>> FromStoreAsync(
        Func<Task<IReadOnlyList<ChatMessage>>> query, IReadOnlyList<ChatMessage> fallback)
    {
        try
        {
            return await query().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is down (the writer reports it); what memory holds is the best answer now.
            LogServedFromMemory(logger, ex.Message);
            return fallback;
        }
    }

    [LoggerMessage(EventId = 330, Level = LogLevel.Warning, Message = "History served from memory: the store could not be read ({Reason})")]
    private static partial void LogServedFromMemory(ILogger logger, string reason);
}
