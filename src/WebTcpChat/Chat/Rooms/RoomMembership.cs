using Microsoft.Extensions.Options;
using WebTcpChat.Storage;

namespace WebTcpChat.Chat.Rooms;

/// <summary>
/// Joining and leaving rooms, for both transports: names checked, limits kept, the room's history
/// loaded and handed over in the same step that starts its live messages, and a join or leave event
/// that only the room sees.
/// </summary>
internal sealed class RoomMembership(
    ChatDispatcher dispatcher,
    Presence presence,
    IRoomDirectory directory,
    RecentHistoryLoader history,
    ChatEvents events,
    IOptionsMonitor<ChatOptions> chatOptions,
    IOptionsMonitor<LimitsOptions> limits)
{
    public string DefaultRoom => chatOptions.CurrentValue.DefaultRoom;

    public string DefaultRoomKey => RoomNames.Key(DefaultRoom);

    /// <summary>Puts a newly connected session in the default room, with its history, and announces it there.</summary>
    public async ValueTask EnterDefaultRoomAsync(ChatSession session, CancellationToken cancellationToken)
    {
        var name = presence.RoomName(DefaultRoomKey) ?? DefaultRoom;
        dispatcher.Attach(session, DefaultRoomKey, name, chatOptions.CurrentValue.HistoryOnConnect);
        await events.AppendAsync(session, MessageKind.Join, "", name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Joins a room (creating it if need be); the result carries its history, or why not.</summary>
    public async ValueTask<RoomResult> JoinAsync(ChatSession session, string requested, bool makeCurrent, CancellationToken cancellationToken)
    {
        var requestedName = requested.Trim();
        if (RoomNames.Validate(requestedName) is { } invalid)
        {
            return RoomResult.Refused(invalid);
        }

        var key = RoomNames.Key(requestedName);
        if (session.Rooms.TryGetValue(key, out var joined))
        {
            var again = dispatcher.Enter(session, key, joined, 0, makeCurrent);
            return RoomResult.AlreadyIn(joined, again);
        }

        var limit = limits.CurrentValue;
        if (limit.MaxRoomsPerUser > 0 && session.Rooms.Count >= limit.MaxRoomsPerUser)
        {
            return RoomResult.Refused($"You are in {session.Rooms.Count} rooms, the most allowed (Limits:MaxRoomsPerUser). Leave one with /part first.");
        }

        var existing = presence.RoomName(key);
        if (existing is null && limit.MaxRooms > 0 && presence.RoomCount >= limit.MaxRooms)
        {
            return RoomResult.Refused($"There are {presence.RoomCount} rooms, the most allowed (Limits:MaxRooms). Join one of them: /rooms lists them.");
        }

        string name;
        try
        {
            name = existing ?? await directory.NameAsync(key, requestedName, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatUnavailableException ex)
        {
            return RoomResult.Refused(ex.Message);
        }

        // Again if the room emptied and was let go between its load and the entry.
        ChatMessage[] recent;
        do
        {
            await history.EnsureLoadedAsync(key, cancellationToken).ConfigureAwait(false);
        }
        while (!dispatcher.TryEnter(session, key, name, chatOptions.CurrentValue.HistoryOnConnect, makeCurrent, out recent));

        await events.AppendAsync(session, MessageKind.Join, "", name, cancellationToken).ConfigureAwait(false);
        return RoomResult.Joined(name, recent);
    }

    /// <summary>Leaves a room (the current one if none is named); the default room cannot be left.</summary>
    public async ValueTask<RoomResult> LeaveAsync(ChatSession session, string? requested, string? reason, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(requested) ? session.CurrentRoom : requested.Trim();
        if (RoomNames.Validate(name) is { } invalid)
        {
            return RoomResult.Refused(invalid);
        }

        var key = RoomNames.Key(name);
        if (key == DefaultRoomKey)
        {
            return RoomResult.Refused($"{DefaultRoom} is the room everyone is in; it cannot be left (/quit leaves the chat).");
        }

        if (!session.Rooms.TryGetValue(key, out var joined))
        {
            return RoomResult.Refused($"You are not in {name}.");
        }

        dispatcher.Exit(session, key, DefaultRoomKey);
        await events.AppendAsync(session, MessageKind.Leave, string.IsNullOrWhiteSpace(reason) ? "Left" : $"Left: {reason.Trim()}", joined, cancellationToken).ConfigureAwait(false);
        return RoomResult.Left(joined);
    }

    /// <summary>Announces the session's departure from every room it is in; the last leave frees its name.</summary>
    public async ValueTask LeaveAllAsync(ChatSession session, string reason, CancellationToken cancellationToken)
    {
        var rooms = session.Rooms.OrderBy(room => room.Key == DefaultRoomKey ? 1 : 0).ToList();
        for (var i = 0; i < rooms.Count; i++)
        {
            var last = i == rooms.Count - 1;
            await events.AppendAsync(session, MessageKind.Leave, reason, rooms[i].Value, cancellationToken, releasesNick: last).ConfigureAwait(false);
        }
    }

    /// <summary>The room's members, or null when there is no such room.</summary>
    public IReadOnlyList<UserInfo>? Members(string room) =>
        RoomNames.Validate(room.Trim()) is null ? presence.RoomMembers(RoomNames.Key(room.Trim())) : null;

    public IReadOnlyList<RoomInfo> Rooms() => presence.Rooms();
}
