using Microsoft.Extensions.Options;
using WebTcpChat.Chat.Rooms;

namespace WebTcpChat.Chat;

/// <summary>
/// The latest delivered messages of each room held here: a write-through copy of the store's tail,
/// which serves history on connect and on joining a room without a query, and keeps the chat's
/// recent past available while the store is down. A room is held from when someone needs it (its
/// older messages are then read from the store, <see cref="Storage.RecentHistoryLoader"/>) until it
/// empties. Private messages are never kept.
/// </summary>
internal sealed class RecentHistory(IOptions<ChatOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HeldRoom> _rooms = new(StringComparer.Ordinal);
    private readonly string _defaultRoomKey = RoomNames.Key(options.Value.DefaultRoom);
    private long _delivered;

    public string DefaultRoomKey => _defaultRoomKey;

    public int CapacityOf(string roomKey) =>
        roomKey == _defaultRoomKey ? options.Value.RecentMessages : options.Value.RecentMessagesPerRoom;

    /// <summary>
    /// Where the log starts, before its first delivery: everything up to <paramref name="position"/>
    /// is in the store. Rooms held so far are let go (they can hold nothing delivered yet).
    /// </summary>
    public void StartAt(long position)
    {
        lock (_gate)
        {
            _rooms.Clear();
            _delivered = position;
        }
    }

    /// <summary>
    /// Adds a batch's room events to the rooms held here and moves the delivered position past it.
    /// A room not held is not started here: its ring begins when someone needs it.
    /// </summary>
    public void AddRange(IReadOnlyList<ChatMessage> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        // One step with Hold: a room held from now on gets this batch live, or reads it from the store.
        lock (_gate)
        {
            foreach (var group in batch.Where(message => message.RoomKey is not null).GroupBy(message => message.RoomKey!))
            {
                _rooms.GetValueOrDefault(group.Key)?.Ring.AddRange([.. group]);
            }

            _delivered = batch[^1].Id;
        }
    }

    /// <summary>
    /// The room, held from now on if it was not (<paramref name="created"/>): its new ring gets every
    /// later delivery and needs the store's messages up to <see cref="HeldRoom.StoreUpTo"/> in front.
    /// </summary>
    public HeldRoom Hold(string roomKey, out bool created)
    {
        lock (_gate)
        {
            created = !_rooms.TryGetValue(roomKey, out var room);
            if (created)
            {
                room = _rooms[roomKey] = new HeldRoom(roomKey, new MessageRing(CapacityOf(roomKey)), _delivered);
            }

            return room!;
        }
    }

    /// <summary>The ring for a room if there is one.</summary>
    public MessageRing? Find(string roomKey)
    {
        lock (_gate)
        {
            return _rooms.GetValueOrDefault(roomKey)?.Ring;
        }
    }

    /// <summary>The last <paramref name="count"/> messages of a room, oldest first.</summary>
    public ChatMessage[] Latest(string roomKey, int count) => Find(roomKey)?.Latest(count) ?? [];

    /// <summary>
    /// The last <paramref name="count"/> messages of a room, oldest first, if the room is held and
    /// not waiting for its fill from the store; false otherwise (it was let go, or is being filled).
    /// </summary>
    public bool TryLatest(string roomKey, int count, out ChatMessage[] latest)
    {
        HeldRoom? room;
        lock (_gate)
        {
            room = _rooms.GetValueOrDefault(roomKey);
        }

        if (room is { CanServe: true })
        {
            latest = room.Ring.Latest(count);
            return true;
        }

        latest = [];
        return false;
    }

    /// <summary>Everything held, every room's in id order (to refill a store that lost its file).</summary>
    public List<ChatMessage> AllHeld() =>
        [.. HeldRings().SelectMany(ring => ring.Latest(ring.Capacity)).OrderBy(message => message.Id)];

    /// <summary>Retention by age: what the store has just let go of is not served from here either.</summary>
    public void DropOlderThan(DateTime cutoff)
    {
        foreach (var ring in HeldRings())
        {
            ring.DropOlderThan(cutoff);
        }
    }

    /// <summary>A room emptied and was forgotten; its history stays in the store.</summary>
    public void Forget(string roomKey)
    {
        lock (_gate)
        {
            if (roomKey != _defaultRoomKey)
            {
                _rooms.Remove(roomKey);
            }
        }
    }

    // The rings held now, taken under the lock and used outside it (each ring has its own).
    private MessageRing[] HeldRings()
    {
        lock (_gate)
        {
            return [.. _rooms.Values.Select(room => room.Ring)];
        }
    }
}
