using StackExchange.Redis;
using WebTcpChat.ScaleOut;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.ScaleOut;

/// <summary>Redis refusing the log's read (a server error, not an outage) is an error in the log, not a debug line.</summary>
public sealed class RefusedReadTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    private const int ReadRefusedEventId = 416;

    [Fact]
    public async Task ANodeThatRedisRefusesToLetReadTheSharedLog_SaysSoAsAnError()
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        var keys = new RedisKeys(prefix);
        await using var node = ChatServer.Start(redis.NodeSettings(prefix));
        await using var tcp = await node.ConnectTcpAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var db = connection.GetDatabase();

        // Someone overwrites the log with a plain string: every read of it is now a WRONGTYPE error.
        await db.KeyDeleteAsync(keys.Log);
        await db.StringSetAsync(keys.Log, "not a stream");

        var refused = await node.Logs.WaitForEventIdAsync(ReadRefusedEventId);
        Assert.Equal(Serilog.Events.LogEventLevel.Error, refused.Level);
        Assert.Contains("WRONGTYPE", refused.RenderMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
