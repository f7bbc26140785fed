using StackExchange.Redis;
using WebTcpChat.Chat.Rooms;
using WebTcpChat.ScaleOut;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.ScaleOut;

/// <summary>Redis refusing an append (a server error, not an outage): its senders are told, the chat goes on.</summary>
public sealed class RefusedAppendTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    private const int RefusedEventId = 415;

    [Fact]
    public async Task AnEventRedisRefusesIsAnsweredWithAnErrorToItsSender_NothingOfItIsInTheSharedLog_AndTheChatGoesOn()
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        var keys = new RedisKeys(prefix);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var db = connection.GetDatabase();
        await db.StringSetAsync(keys.RoomLog(RoomNames.Key("#broken")), "not a stream");
        await using var node = ChatServer.Start(redis.NodeSettings(prefix));
        await using var tcp = await node.ConnectTcpAsync();
        await using var web = await node.ConnectWebAsync();

        await tcp.SendLineAsync("/join #broken");

        var error = await tcp.WaitForLineAsync(line => line.StartsWith("ERROR:", StringComparison.Ordinal));
        Assert.Contains("#broken", error, StringComparison.Ordinal);
        await node.Logs.WaitForEventIdAsync(RefusedEventId);
        await web.SendAsync("the chat goes on");
        await tcp.WaitForLineContainingAsync("> the chat goes on");
        var log = await db.StreamRangeAsync(keys.Log);
        Assert.DoesNotContain(log, entry => ((string)entry["d"]!).Contains("#broken", StringComparison.Ordinal));
    }
}
