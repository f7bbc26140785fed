using StackExchange.Redis;
using WebTcpChat.Chat;
using WebTcpChat.ScaleOut;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.ScaleOut;

/// <summary>An entry in the shared log that no gateway wrote: skipped with an error, and the chat goes on.</summary>
public sealed class ForeignLogEntryTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    private const int UnreadableEntryEventId = 417;

    [Fact]
    public async Task AnEntrySomethingElseWroteInTheSharedLogIsSkippedWithAnError_AndTheNextLineArrives()
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        var keys = new RedisKeys(prefix);
        await using var node = ChatServer.Start(redis.NodeSettings(prefix));
        await using var web = await node.ConnectWebAsync();
        await using var tcp = await node.ConnectTcpAsync();
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == tcp.Nick);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var db = connection.GetDatabase();

        // Takes the next id the way the append script does, so the junk sits in the log's order.
        var id = await db.StringIncrementAsync(keys.Sequence);
        await db.StreamAddAsync(keys.Log, [new("t", "0"), new("d", "{\"nonsense\":true}")], LogEntryCodec.EntryId(id));
        await tcp.SendLineAsync("after the junk");

        Assert.Equal("after the junk", (await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
        var skipped = await node.Logs.WaitForEventIdAsync(UnreadableEntryEventId);
        Assert.Equal(Serilog.Events.LogEventLevel.Error, skipped.Level);
    }
}
