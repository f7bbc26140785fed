using System.Collections.Immutable;

namespace WebTcpChat.Chat;

/// <summary>A session's rooms (by key, with their names) at one moment.</summary>
internal sealed record MembershipSnapshot(ImmutableDictionary<string, string> Rooms)
{
    public static MembershipSnapshot None { get; } = new(ImmutableDictionary<string, string>.Empty);

    /// <summary>
    /// Queued with a fan-out batch that the session gets all of (the dispatcher counted every message
    /// for it, the usual case in one room): its writer sends the batch without looking at each message.
    /// </summary>
    public static MembershipSnapshot WholeBatch { get; } = new(ImmutableDictionary<string, string>.Empty);

    /// <summary>
    /// The room keys as an array, for the fan-out, which reckons every session's share of every batch:
    /// enumerating the dictionary's keys there allocated an enumerator per session and batch.
    /// </summary>
    public string[] RoomKeys { get; } = [.. Rooms.Keys];
}
