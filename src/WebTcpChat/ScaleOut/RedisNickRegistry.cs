using StackExchange.Redis;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Nicknames;

namespace WebTcpChat.ScaleOut;

/// <summary>
/// Nicknames held in Redis, unique across every node: one key per name (its <see cref="NickRules.Key"/>),
/// holding "node|session|source|nick", plus a set per node so a dead node's names can be freed.
/// </summary>
internal sealed class RedisNickRegistry(RedisConnection redis) : INickRegistry
{
    public async ValueTask<bool> TryClaimAsync(string nick, long sessionId, ChatSource source, CancellationToken cancellationToken)
    {
        var keys = redis.Keys;
        try
        {
            var claimed = await redis.Database.ScriptEvaluateAsync(
                RedisScripts.ClaimNick,
                [keys.Nick(nick), keys.NodeNicks(redis.NodeId)],
                [RedisKeys.Holder(redis.NodeId, sessionId, source, nick), RedisKeys.Owner(redis.NodeId, sessionId)]).ConfigureAwait(false);
            return (int)claimed == 1;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new ChatUnavailableException(ChatUnavailableException.UserMessage, ex);
        }
    }

    public async ValueTask ReleaseAsync(string nick, long sessionId, CancellationToken cancellationToken)
    {
        var keys = redis.Keys;
        try
        {
            await redis.Database.ScriptEvaluateAsync(
                RedisScripts.ReleaseNick,
                [keys.Nick(nick), keys.NodeNicks(redis.NodeId)],
                [RedisKeys.Owner(redis.NodeId, sessionId)]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Not fatal: a name this node no longer uses is freed when the node's set is reaped, or
            // re-claimed by the same session. Say so to the caller, who logs it.
            throw new ChatUnavailableException(ChatUnavailableException.UserMessage, ex);
        }
    }
}
