using Microsoft.Extensions.Options;
using WebTcpChat.Chat.Rooms;

namespace WebTcpChat.Chat;

/// <summary>
/// The latest committed messages of each room: a write-through copy of the store's tail, filled
/// from the store when a room is first needed. It serves history on connect and on joining a room
/// without a query, and keeps the chat's recent past available while the store is down. Private
/// messages are never kept.
/// </summary>
internal sealed class RecentHistory(IOptions<ChatOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MessageRing> _rooms = new(StringComparer.Ordinal);
    private readonly string _defaultRoomKey = RoomNames.Key(options.Value.DefaultRoom);

    public string DefaultRoomKey => _defaultRoomKey;

    public int CapacityOf(string roomKey) =>
        roomKey == _defaultRoomKey ? options.Value.RecentMessages : options.Value.RecentMessagesPerRoom;

    /// <summary>
    /// Adds a batch's room events to the rooms held here. A room not held is not started here: its ring
    /// begins when someone needs it and is filled from the store first (<c>EnsureLoadedAsync</c>), so no
    /// ring holds a recent tail without the history before it.
    /// </summary>
    public void AddRange(IReadOnlyList<ChatMessage> batch)
    {
        foreach (var group in batch.Where(message => message.RoomKey is not null).GroupBy(message => message.RoomKey!))
        {
            Find(group.Key)?.AddRange([.. group]);
        }
    }

    /// <summary>
    /// The ring for a room; <paramref name="created"/> says it is new and knows nothing of what the
    /// store holds before it (the caller fills it with <see cref="MessageRing.Prepend"/>).
    /// </summary>
    public MessageRing RingFor(string roomKey, out bool created)
    {
        lock (_gate)
        {
            created = !_rooms.TryGetValue(roomKey, out var ring);
            if (created)
            {
                ring = _rooms[roomKey] = new MessageRing(CapacityOf(roomKey));
                ring.MarkIncomplete();
            }

            return ring!;
        }
    }

    /// <summary>The ring for a room if there is one.</summary>
    public MessageRing? Find(string roomKey)
    {
        lock (_gate)
        {
            return _rooms.GetValueOrDefault(roomKey);
        }
    }

    /// <summary>The last <paramref name="count"/> messages of a room, oldest first.</summary>
    public ChatMessage[] Latest(string roomKey, int count) => Find(roomKey)?.Latest(count) ?? [];

    /// <summary>Everything held, every room's in id order (to refill a store that lost its file).</summary>
    public List<ChatMessage> AllHeld()
    {
        MessageRing[] rings;
        lock (_gate)
        {
            rings = [.. _rooms.Values];
        }

        return [.. rings.SelectMany(ring => ring.Latest(ring.Capacity)).OrderBy(message => message.Id)];
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
}
