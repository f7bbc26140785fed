using WebTcpChat.Chat;

namespace WebTcpChat.Storage;

/// <summary>
/// Answers history questions (the API, <c>/history</c>): from the in-memory recent history when it
/// holds the answer, from the store otherwise, and from memory alone while the store is down.
/// </summary>
internal sealed partial class HistoryReader(IMessageStore store, RecentHistory recent, ILogger<HistoryReader> logger)
{
    public async Task<IReadOnlyList<ChatMessage>> BeforeAsync(long beforeId, int limit, CancellationToken cancellationToken)
    {
        var cached = recent.Before(beforeId, limit);
        if (cached.Length == limit)
        {
            return cached;
        }

        return await FromStoreAsync(
            () => store.BeforeAsync(beforeId, limit, cancellationToken), cached).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ChatMessage>> AfterAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        if (recent.Covers(afterId))
        {
            return recent.After(afterId, limit);
        }

        return await FromStoreAsync(
            () => store.AfterAsync(afterId, limit, cancellationToken), recent.After(afterId, limit)).ConfigureAwait(false);
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
