using WebTcpChat.Chat;

namespace WebTcpChat.Storage;

/// <summary>
/// Where committed messages are kept. SQLite by default; a server-grade store can take its place
/// when several nodes share one chat. Writes come from one writer at a time; reads from anywhere.
/// </summary>
internal interface IMessageStore
{
    /// <summary>Opens (creating and migrating as needed) and returns the highest id stored, or 0.</summary>
    Task<long> InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the batch in one transaction; durable once this completes. Ids already stored are
    /// skipped, and so are private messages: they belong to no history.
    /// </summary>
    Task AppendAsync(IReadOnlyList<ChatMessage> batch, CancellationToken cancellationToken);

    /// <summary>A room's newest <paramref name="limit"/> messages with an id below <paramref name="beforeId"/>, oldest first.</summary>
    Task<IReadOnlyList<ChatMessage>> BeforeAsync(string roomKey, long beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>A room's oldest <paramref name="limit"/> messages with an id above <paramref name="afterId"/>, oldest first.</summary>
    Task<IReadOnlyList<ChatMessage>> AfterAsync(string roomKey, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes messages older than <paramref name="olderThan"/> and all but the newest <paramref name="keep"/>; returns how many went.</summary>
    Task<int> PruneAsync(DateTime? olderThan, long? keep, CancellationToken cancellationToken);

    /// <summary>Throws if the store cannot be reached or is no longer the one that was opened (its file was removed).</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
