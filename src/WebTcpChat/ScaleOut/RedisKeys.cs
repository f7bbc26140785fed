using StackExchange.Redis;
using WebTcpChat.Chat.Nicknames;

namespace WebTcpChat.ScaleOut;

/// <summary>Every key and channel the shared chat uses, under <c>Redis:Prefix</c>.</summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix => prefix;

    /// <summary>The counter that gives messages their ids.</summary>
    public RedisKey Sequence => prefix + "seq";

    /// <summary>The time of the last message, so times never go backwards.</summary>
    public RedisKey LastTime => prefix + "lasttime";

    /// <summary>The ordered log: a stream whose entry ids are the message ids ("42-0").</summary>
    public RedisKey Log => prefix + "log";

    /// <summary>One room's history: the same entries as the log, for that room only.</summary>
    public RedisKey RoomLog(string roomKey) => $"{prefix}room:{roomKey}";

    public string RoomLogPattern => prefix + "room:*";

    /// <summary>How a room's name is written (its first creator's spelling).</summary>
    public RedisKey RoomName(string roomKey) => $"{prefix}roomname:{roomKey}";

    /// <summary>The rooms a user is in (by nickname key), for a node that starts and needs to know.</summary>
    public RedisKey UserRooms(string nickKey) => $"{prefix}rooms:{nickKey}";

    /// <summary>Published after every append, so nodes read at once instead of polling.</summary>
    public RedisChannel Appended => RedisChannel.Literal(prefix + "appended");

    /// <summary>Every node that ever announced itself.</summary>
    public RedisKey Nodes => prefix + "nodes";

    public RedisKey NodeAlive(string node) => $"{prefix}node:{node}:alive";

    /// <summary>The nicknames a node's users hold, for freeing them when it dies.</summary>
    public RedisKey NodeNicks(string node) => $"{prefix}node:{node}:nicks";

    /// <summary>Which node reaps a dead node, so that one does at a time; it expires (30 s) so another can take over.</summary>
    public RedisKey Reaper(string node) => $"{prefix}node:{node}:reaper";

    /// <summary>The last batch a node appended, so a retried batch is not appended twice.</summary>
    public RedisKey AppliedBatch(string node) => $"{prefix}node:{node}:batch";

    /// <summary>Who holds a nickname: "node|session|source|nick".</summary>
    public RedisKey Nick(string nick) => NickByKey(NickRules.Key(nick));

    public RedisKey NickByKey(string nickKey) => $"{prefix}nick:{nickKey}";

    /// <summary>The nickname key inside a nick key.</summary>
    public string NickKeyOf(string nickRedisKey) => nickRedisKey[(prefix.Length + "nick:".Length)..];

    public string NickPattern => prefix + "nick:*";

    public static string Owner(string node, long session) => $"{node}|{session}|";

    public static string Holder(string node, long session, Chat.ChatSource source, string nick) =>
        $"{Owner(node, session)}{Chat.WireNames.Source(source)}|{nick}";
}
