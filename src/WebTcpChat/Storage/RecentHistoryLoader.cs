using System.Runtime.ExceptionServices;
using WebTcpChat.Chat;

namespace WebTcpChat.Storage;

/// <summary>
/// Fills a room's recent history from the store: the default room when the log starts, any other
/// room when someone joins it and it is not held. The one place that does, so the read always ends
/// where the room's live messages begin (<see cref="HeldRoom.StoreUpTo"/>): a message written to the
/// store but still on its way to delivery comes live, never also as history; one delivered while
/// the store could not be written is taken from what waits to be written.
/// </summary>
internal sealed partial class RecentHistoryLoader(
    IMessageStore store, StoreWriter writer, RecentHistory recent, ILogger<RecentHistoryLoader> logger)
{
    /// <summary>
    /// Called by the log once it knows <paramref name="position"/>, the last id it holds, and before it
    /// delivers anything. Fills the default room and returns how many messages it read; a store that
    /// cannot be read fails the start.
    /// </summary>
    public async Task<int> StartAsync(long position, CancellationToken cancellationToken)
    {
        recent.StartAt(position);
        var read = 0;
        var room = recent.Hold(recent.DefaultRoomKey, out _);
        var failure = await room.FillOnceAsync(async held => read = await FillAsync(held, cancellationToken).ConfigureAwait(false), out _).ConfigureAwait(false);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return read;
    }

    /// <summary>
    /// Makes sure a room's recent history is in memory before someone joins it: reads the store for a
    /// room that was not held (new to this node, or forgotten when it emptied), or awaits the read
    /// already under way for it. While the store cannot be read, the room is served from memory.
    /// </summary>
    public async Task EnsureLoadedAsync(string roomKey, CancellationToken cancellationToken)
    {
        var room = recent.Hold(roomKey, out _);

        // Not the joiner's token: the read is everyone's who joins meanwhile, and one leaving must not end it.
        var filling = room.FillOnceAsync(held => FillAsync(held, CancellationToken.None), out var waits);
        if (waits)
        {
            LogWaitsForRead(logger, roomKey);
        }

        if (await filling.WaitAsync(cancellationToken).ConfigureAwait(false) is { } failure && !waits)
        {
            // Joining goes on with what memory holds; the next joiner reads the store again.
            LogServedFromMemory(logger, roomKey, failure.Message);
        }
    }

    private async Task<int> FillAsync(HeldRoom room, CancellationToken cancellationToken)
    {
        var capacity = room.Ring.Capacity;

        // Delivered messages not yet written (the store is failing) are taken first: a retry may move
        // them into the store meanwhile, and then the read finds them there.
        var unwritten = writer.Unwritten(room.Key, room.StoreUpTo);
        var stored = await store.BeforeAsync(room.Key, room.StoreUpTo + 1, capacity, cancellationToken).ConfigureAwait(false);
        var older = unwritten.Count == 0
            ? stored
            : [.. stored.Concat(unwritten).DistinctBy(message => message.Id).OrderBy(message => message.Id).TakeLast(capacity)];
        room.Ring.Prepend(older, holdsAll: stored.Count < capacity && older.Count < capacity);
        return older.Count;
    }

    [LoggerMessage(EventId = 331, Level = LogLevel.Debug, Message = "Joining {Room} waits for its history, already being read from the store")]
    private static partial void LogWaitsForRead(ILogger logger, string room);

    [LoggerMessage(EventId = 332, Level = LogLevel.Warning, Message = "The history of {Room} could not be read from the store; its joiners get what memory holds ({Reason})")]
    private static partial void LogServedFromMemory(ILogger logger, string room, string reason);
}
