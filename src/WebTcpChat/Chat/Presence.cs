using Microsoft.Extensions.Options;
using WebTcpChat.Chat.Rooms;

namespace WebTcpChat.Chat;

/// <summary>
/// Who is online, and in which rooms, kept by replaying join, leave and nick events in log order, so
/// the lists always agree with the messages every user has seen. Everyone is in the default room, so
/// its members are everyone online. A room other than the default is forgotten when it empties.
/// </summary>
internal sealed class Presence
{
    private readonly Lock _gate = new();
    private readonly string _defaultRoomKey;
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserRecord> _users = new(StringComparer.Ordinal);
    // Nickname key to nickname: the fan-out asks whether a private message's recipient is online
    // for every private message, which must not scan everyone.
    private readonly Dictionary<string, string> _nicksByKey = new(StringComparer.Ordinal);
    private UserInfo[]? _everyone;

    public Presence(IOptions<ChatOptions> options)
    {
        var defaultRoom = options.Value.DefaultRoom;
        _defaultRoomKey = RoomNames.Key(defaultRoom);
        _rooms[_defaultRoomKey] = new Room(defaultRoom);
    }

    /// <summary>
    /// Applies one event; true when the list of everyone online changed. <paramref name="forgotten"/>
    /// names a room that emptied and was forgotten.
    /// </summary>
    public bool Apply(ChatMessage message, out string? forgotten)
    {
        forgotten = null;
        lock (_gate)
        {
            var changed = message.Kind switch
            {
                MessageKind.Join => Join(message.Nick, message.Source, message.Room ?? "", message.RoomKey ?? _defaultRoomKey),
                MessageKind.Leave => Leave(message.Nick, message.RoomKey ?? _defaultRoomKey, out forgotten),
                MessageKind.Nick => Rename(message.Nick, message.Text),
                _ => false,
            };
            if (changed)
            {
                _everyone = null;
            }

            return changed && (message.Kind == MessageKind.Nick || (message.RoomKey ?? _defaultRoomKey) == _defaultRoomKey);
        }
    }

    /// <summary>
    /// Starts from a snapshot (a node joining a chat already under way). Events after the snapshot's
    /// log position are applied on top; join, leave and rename are idempotent, so overlap is harmless.
    /// </summary>
    public void Reset(IEnumerable<(UserInfo User, IEnumerable<string> Rooms)> users)
    {
        lock (_gate)
        {
            var defaultRoom = _rooms[_defaultRoomKey].Name;
            _rooms.Clear();
            _rooms[_defaultRoomKey] = new Room(defaultRoom);
            _users.Clear();
            _nicksByKey.Clear();
            foreach (var (user, rooms) in users)
            {
                foreach (var room in rooms.Append(defaultRoom))
                {
                    Join(user.Nick, user.Source, room, RoomNames.Key(room));
                }
            }

            _everyone = null;
        }
    }

    /// <summary>Everyone online (the default room), sorted by nickname; shared and immutable.</summary>
    public IReadOnlyList<UserInfo> Snapshot()
    {
        lock (_gate)
        {
            return _everyone ??= Members(_rooms[_defaultRoomKey]);
        }
    }

    /// <summary>Who is in a room, or null if there is no such room.</summary>
    public IReadOnlyList<UserInfo>? RoomMembers(string roomKey)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(roomKey, out var room) ? Members(room) : null;
        }
    }

    /// <summary>The room's name as it was first written, or null if there is no such room.</summary>
    public string? RoomName(string roomKey)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(roomKey, out var room) ? room.Name : null;
        }
    }

    /// <summary>Every room with its member count: the default room first, then by name.</summary>
    public IReadOnlyList<RoomInfo> Rooms()
    {
        lock (_gate)
        {
            return [.. _rooms.OrderBy(room => room.Key == _defaultRoomKey ? 0 : 1).ThenBy(room => room.Value.Name, StringComparer.OrdinalIgnoreCase)
                .Select(room => new RoomInfo(room.Value.Name, room.Value.Members.Count))];
        }
    }

    public int RoomCount
    {
        get
        {
            lock (_gate)
            {
                return _rooms.Count;
            }
        }
    }

    /// <summary>The online user with this nickname key, if any.</summary>
    public UserInfo? Find(string nickKey)
    {
        lock (_gate)
        {
            return _nicksByKey.TryGetValue(nickKey, out var nick) && _users.TryGetValue(nick, out var user)
                ? new UserInfo(nick, user.Source)
                : null;
        }
    }

    /// <summary>Whether someone online has a nickname with this key.</summary>
    public bool IsOnline(string nickKey)
    {
        lock (_gate)
        {
            return _nicksByKey.ContainsKey(nickKey);
        }
    }

    private bool Join(string nick, ChatSource source, string roomName, string roomKey)
    {
        if (!_rooms.TryGetValue(roomKey, out var room))
        {
            room = _rooms[roomKey] = new Room(roomName.Length > 0 ? roomName : roomKey);
        }

        if (!_users.TryGetValue(nick, out var user))
        {
            user = _users[nick] = new UserRecord(Nicknames.NickRules.Key(nick), source);
            _nicksByKey[user.Key] = nick;
        }

        user.Rooms.Add(roomKey);
        return room.Members.TryAdd(nick, source);
    }

    private bool Leave(string nick, string roomKey, out string? forgotten)
    {
        forgotten = null;
        if (!_rooms.TryGetValue(roomKey, out var room) || !room.Members.Remove(nick))
        {
            return false;
        }

        if (_users.TryGetValue(nick, out var user))
        {
            user.Rooms.Remove(roomKey);
            if (user.Rooms.Count == 0)
            {
                _users.Remove(nick);
                ForgetKey(user.Key, nick);
            }
        }

        if (room.Members.Count == 0 && roomKey != _defaultRoomKey)
        {
            _rooms.Remove(roomKey);
            forgotten = roomKey;
        }

        return true;
    }

    private bool Rename(string from, string to)
    {
        if (!_users.Remove(from, out var user))
        {
            return false;
        }

        ForgetKey(user.Key, from);
        var renamed = _users[to] = user with { Key = Nicknames.NickRules.Key(to) };
        _nicksByKey[renamed.Key] = to;
        foreach (var roomKey in user.Rooms)
        {
            var members = _rooms[roomKey].Members;
            members.Remove(from);
            members[to] = user.Source;
        }

        return true;
    }

    // Only if the key is still this nickname's (a replay after a snapshot may have given it to another).
    private void ForgetKey(string key, string nick)
    {
        if (_nicksByKey.TryGetValue(key, out var holder) && holder == nick)
        {
            _nicksByKey.Remove(key);
        }
    }

    private static UserInfo[] Members(Room room) =>
        [.. room.Members.Select(member => new UserInfo(member.Key, member.Value)).OrderBy(user => user.Nick, StringComparer.OrdinalIgnoreCase)];

    private sealed record Room(string Name)
    {
        public Dictionary<string, ChatSource> Members { get; } = new(StringComparer.Ordinal);
    }

    private sealed record UserRecord(string Key, ChatSource Source)
    {
        public HashSet<string> Rooms { get; init; } = new(StringComparer.Ordinal);
    }
}
