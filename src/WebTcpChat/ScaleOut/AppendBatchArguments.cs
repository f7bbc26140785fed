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
            var mode = draft.Kind == MessageKind.Leave ? "leave" : "rename";
            arguments[at + 1] = draft.ReleasesNick
                ? $"{keys.Nick(draft.Nick)}\n{RedisKeys.Owner(owner, draft.OriginSessionId)}\n{keys.NodeNicks(owner)}\n{mode}"
                : "";
            arguments[at + 2] = draft.Room is null ? "" : (string)keys.RoomLog(RoomNames.Key(draft.Room))!;
            arguments[at + 3] = RoomOperation(keys, draft);
        }

        return arguments;
    }

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
