using StackExchange.Redis;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Rooms;

namespace WebTcpChat.ScaleOut;

/// <summary>Room names shared by every node: the first SET NX wins, and everyone reads that one.</summary>
internal sealed class RedisRoomDirectory(RedisConnection redis) : IRoomDirectory
{
    public async ValueTask<string> NameAsync(string roomKey, string requested, CancellationToken cancellationToken)
    {
        try
        {
            var key = redis.Keys.RoomName(roomKey);
            if (await redis.Database.StringSetAsync(key, requested, when: When.NotExists).ConfigureAwait(false))
            {
                return requested;
            }

            return (string?)await redis.Database.StringGetAsync(key).ConfigureAwait(false) ?? requested;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new ChatUnavailableException(ChatUnavailableException.UserMessage, ex);
        }
    }
}
