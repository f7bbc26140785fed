using StackExchange.Redis;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Rooms;
using WebTcpChat.ScaleOut;

namespace WebTcpChat.Tests.ScaleOut;

/// <summary>The append script against a real Redis, one batch at a time.</summary>
public sealed class AppendScriptTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    private const string Node = "node1";

    [Fact]
    public async Task AnAppendRedisRefusesWritesNothing_NotEvenItsAppliedMarker_SoTheSameBatchCanGoInLater()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var db = connection.GetDatabase();
        var keys = new RedisKeys($"t{Guid.NewGuid():N}:");
        var bob = keys.Nick("bob");
        await db.StringSetAsync(bob, RedisKeys.Holder(Node, 2, ChatSource.Web, "bob"));
        await db.SetAddAsync(keys.NodeNicks(Node), (string)bob!);
        await db.StringSetAsync(keys.RoomLog(RoomNames.Key("#broken")), "not a stream");
        MessageDraft[] batch =
        [
            new("alice", ChatSource.Tcp, MessageKind.Text, "first", 1, Room: "#fine"),
            new("bob", ChatSource.Web, MessageKind.Leave, "Quit", 2, ReleasesNick: true, Room: "#lobby"),
            new("alice", ChatSource.Tcp, MessageKind.Text, "into the broken room", 1, Room: "#broken"),
        ];

        await Assert.ThrowsAsync<RedisServerException>(() => AppendAsync(db, keys, 1, batch));

        Assert.False(await db.KeyExistsAsync(keys.Sequence));
        Assert.False(await db.KeyExistsAsync(keys.Log));
        Assert.False(await db.KeyExistsAsync(keys.RoomLog(RoomNames.Key("#fine"))));
        Assert.False(await db.KeyExistsAsync(keys.AppliedBatch(Node)));
        Assert.True(await db.KeyExistsAsync(bob));
        Assert.True(await db.SetContainsAsync(keys.NodeNicks(Node), (string)bob!));

        await db.KeyDeleteAsync(keys.RoomLog(RoomNames.Key("#broken")));
        Assert.Equal(3, (long)await AppendAsync(db, keys, 1, batch));
        Assert.Equal(3, await db.StreamLengthAsync(keys.Log));
        Assert.False(await db.KeyExistsAsync(bob));
    }

    [Fact]
    public async Task AnAppendWhoseIdsWouldNotFollowTheLogIsRefusedBeforeItWritesAnything()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var db = connection.GetDatabase();
        var keys = new RedisKeys($"t{Guid.NewGuid():N}:");
        await AppendAsync(db, keys, 1, [new("alice", ChatSource.Tcp, MessageKind.Text, "one", 1, Room: "#lobby")]);
        await db.KeyDeleteAsync(keys.Sequence); // the counter lost: the next id would be 1 again

        await Assert.ThrowsAsync<RedisServerException>(() =>
            AppendAsync(db, keys, 2, [new("alice", ChatSource.Tcp, MessageKind.Text, "two", 1, Room: "#lobby")]));

        Assert.False(await db.KeyExistsAsync(keys.Sequence));
        Assert.Equal("1", (string?)await db.StringGetAsync(keys.AppliedBatch(Node)));
        Assert.Equal(1, await db.StreamLengthAsync(keys.Log));
    }

    [Fact]
    public async Task ARetriedBatchThatAlreadyWentInIsSkipped()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var db = connection.GetDatabase();
        var keys = new RedisKeys($"t{Guid.NewGuid():N}:");
        MessageDraft[] batch = [new("alice", ChatSource.Tcp, MessageKind.Text, "once", 1, Room: "#lobby")];

        Assert.Equal(1, (long)await AppendAsync(db, keys, 1, batch));
        Assert.Equal(0, (long)await AppendAsync(db, keys, 1, batch));

        Assert.Equal(1, await db.StreamLengthAsync(keys.Log));
    }

    [Fact]
    public async Task ADeadNodesUserLeavesEachRoomOnce_HoweverManyReapingRoundsSendTheLeaves()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var db = connection.GetDatabase();
        var keys = new RedisKeys($"t{Guid.NewGuid():N}:");
        const string Dead = "dead1";
        var carol = keys.Nick("carol");
        await db.StringSetAsync(carol, RedisKeys.Holder(Dead, 7, ChatSource.Tcp, "carol"));
        await db.SetAddAsync(keys.NodeNicks(Dead), (string)carol!);
        await db.SetAddAsync(keys.UserRooms(keys.NickKeyOf((string)carol!)), ["#side", "#lobby"]);
        // What one reaping round sends: a leave in each room, the default room's last, freeing the name.
        MessageDraft[] round =
        [
            new("carol", ChatSource.Tcp, MessageKind.Leave, "Connection lost", 7, OriginNode: Dead, Room: "#side"),
            new("carol", ChatSource.Tcp, MessageKind.Leave, "Connection lost", 7, ReleasesNick: true, OriginNode: Dead, Room: "#lobby"),
        ];

        // A second round queued before the first went in (same batch), and a third after it.
        await AppendAsync(db, keys, 1, [.. round, .. round]);
        await AppendAsync(db, keys, 2, round);

        var leaves = (await db.StreamRangeAsync(keys.Log)).Select(entry => LogEntryCodec.Decode(entry, Node)).ToList();
        Assert.Equal(["#side", "#lobby"], leaves.Select(m => m.Room));
        Assert.False(await db.KeyExistsAsync(carol));
    }

    internal static Task<RedisResult> AppendAsync(IDatabase db, RedisKeys keys, long number, IReadOnlyList<MessageDraft> batch) =>
        db.ScriptEvaluateAsync(
            RedisScripts.AppendBatch,
            AppendBatchArguments.Keys(keys, Node),
            AppendBatchArguments.For(keys, Node, number, 0, batch));
}
