using WebTcpChat.Chat;

namespace WebTcpChat.Storage;

/// <summary>
/// Fills a room's recent history from the store: the default room when the log starts, any other
/// room when someone joins it and it is not held. The one place that does, so the read always ends
/// where the room's live messages begin (<see cref="HeldRoom.StoreUpTo"/>): a message written to the
/// store but still on its way to delivery comes live, never also as history.
/// </summary>
internal sealed partial class RecentHistoryLoader(IMessageStore store, RecentHistory recent, ILogger<RecentHistoryLoader> logger)
{
    /// <summary>
    /// Called by the log once it knows <paramref name="position"/>, the last id it holds, and before it
    /// delivers anything. Fills the default room and returns how many messages it read; a store that
    /// cannot be read fails the start.
    /// </summary>
    public async Task<int> StartAsync(long position, CancellationToken cancellationToken)
    {
        recent.StartAt(position);
        return await FillAsync(recent.Hold(recent.DefaultRoomKey, out _), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes sure a room's recent history is in memory before someone joins it, reading the store for
    /// a room that was not held (new to this node, or forgotten when it emptied).
    /// </summary>
    public async Task EnsureLoadedAsync(string roomKey, CancellationToken cancellationToken)
    {
        var room = recent.Hold(roomKey, out var created);
        if (!created)
        {
            return;
        }

        try
        {
            await FillAsync(room, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Joining goes on with what memory holds; the room's older history comes back with the store.
            LogServedFromMemory(logger, roomKey, ex.Message);
        }
    }

    private async Task<int> FillAsync(HeldRoom room, CancellationToken cancellationToken)
    {
        var capacity = room.Ring.Capacity;
        var older = await store.BeforeAsync(room.Key, room.StoreUpTo + 1, capacity, cancellationToken).ConfigureAwait(false);
        room.Ring.Prepend(older, holdsAll: older.Count < capacity);
        return older.Count;
    }

    [LoggerMessage(EventId = 332, Level = LogLevel.Warning, Message = "The history of {Room} could not be read from the store; its joiners get what memory holds ({Reason})")]
    private static partial void LogServedFromMemory(ILogger logger, string room, string reason);
}
