using StackExchange.Redis;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Nicknames;
using WebTcpChat.Chat.Rooms;

namespace WebTcpChat.ScaleOut;

/// <summary>
/// What <see cref="RedisScripts.AppendBatch"/> is given for one batch of drafts: the keys it writes,
/// and per draft its entry, the name it frees, its room's stream and how it changes its author's rooms.
/// </summary>
internal static class AppendBatchArguments
{
    public static RedisKey[] Keys(RedisKeys keys, string node) =>
        [keys.Sequence, keys.LastTime, keys.Log, keys.AppliedBatch(node)];

    public static RedisValue[] For(RedisKeys keys, string node, long number, long maxLength, IReadOnlyList<MessageDraft> batch)
    {
        var arguments = new RedisValue[3 + (batch.Count * 4)];
        arguments[0] = number;
        arguments[1] = Math.Max(0, maxLength);
        arguments[2] = keys.Appended.ToString();
        for (var i = 0; i < batch.Count; i++)
        {
            var draft = batch[i];
            var at = 3 + (4 * i);
            arguments[at] = LogEntryCodec.Encode(draft, node);
            var owner = draft.OriginNode ?? node;
            var mode = ReleaseMode(draft);
            arguments[at + 1] = mode is null
                ? ""
                : $"{keys.Nick(draft.Nick)}\n{RedisKeys.Owner(owner, draft.OriginSessionId)}\n{keys.NodeNicks(owner)}\n{mode}";
            arguments[at + 2] = draft.Room is null ? "" : (string)keys.RoomLog(RoomNames.Key(draft.Room))!;
            arguments[at + 3] = RoomOperation(keys, draft);
        }

        return arguments;
    }

    // How the draft depends on its author's name. A leave or rename that frees it: "leave" (dropped if
    // the name is no longer the author's) or "rename". A leave from a room on behalf of a dead node,
    // which frees nothing: "held", dropped like a "leave" once the name is no longer the dead node's
    // user's, so that a second reaping round (or a second reaper) sending it again is not a second leave.
    private static string? ReleaseMode(MessageDraft draft) => draft switch
    {
        { ReleasesNick: true, Kind: MessageKind.Leave } => "leave",
        { ReleasesNick: true } => "rename",
        { OriginNode: not null, Kind: MessageKind.Leave } => "held",
        _ => null,
    };

    // Keeps each user's set of rooms in step with the events, for nodes that start later. Plain lines,
    // nearly all of the traffic, change no room and skip the nickname folding.
    private static string RoomOperation(RedisKeys keys, MessageDraft draft)
    {
        return draft.Kind switch
        {
            MessageKind.Join => $"add\n{Rooms()}\n{draft.Room}",
            MessageKind.Leave when draft.ReleasesNick => $"del\n{Rooms()}",
            MessageKind.Leave => $"rem\n{Rooms()}\n{draft.Room}",
            MessageKind.Nick when draft.ReleasesNick => $"mv\n{Rooms()}\n{(string)keys.UserRooms(NickRules.Key(draft.Text))!}",
            _ => "",
        };

        string Rooms() => (string)keys.UserRooms(NickRules.Key(draft.Nick))!;
    }
}
