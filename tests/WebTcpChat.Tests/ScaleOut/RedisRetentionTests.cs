using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WebTcpChat.Chat;
using WebTcpChat.ScaleOut;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.ScaleOut;

/// <summary>Storage:MaxMessages and Storage:MaxAgeDays when the history is the shared log in Redis.</summary>
public sealed class RedisRetentionTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    private const string Lobby = "#lobby";

    // Count trimming is approximate (XADD MAXLEN ~): Redis drops whole stream nodes only, and a node
    // holds at most stream-node-max-entries (100 by default) entries.
    private const int StreamNodeEntries = 100;

    [Fact]
    public async Task EveryAppendKeepsTheLogAndTheRoomNearTheNewestMaxMessages()
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        var settings = redis.NodeSettings(prefix);
        settings["Storage:MaxMessages"] = "5";
        settings["Storage:MaxAgeDays"] = "0";
        await using var node = ChatServer.Start(settings);
        await using var web = await node.ConnectWebAsync();

        const int Lines = 300;
        await ScaleOutTests.SendManyAsync("line", web.SendAsync, Lines);
        await web.WaitForTextAsync($"line {Lines - 1}");

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var db = connection.GetDatabase();
        var keys = new RedisKeys(prefix);
        Assert.InRange(await db.StreamLengthAsync(keys.Log), 5, 5 + StreamNodeEntries);
        Assert.InRange(await db.StreamLengthAsync(keys.RoomLog(Lobby)), 5, 5 + StreamNodeEntries);
        using var http = node.CreateHttpClient();
        var newest = await http.GetFromJsonAsync<List<ChatMessage>>(new Uri("/api/messages?limit=5", UriKind.Relative));
        Assert.Equal(Enumerable.Range(Lines - 5, 5).Select(i => $"line {i}"), newest!.Select(m => m.Text));
    }

    [Fact]
    public async Task TheRetentionRoundDropsMessagesOlderThanTheMaximumAge_FromTheLogAndTheRooms()
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        var keys = new RedisKeys(prefix);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var db = connection.GetDatabase();
        var ancient = DateTimeOffset.UtcNow.AddYears(-2);
        await SeedAsync(db, keys, [(1, ancient, "ancient 1"), (2, ancient.AddMinutes(1), "ancient 2")]);
        var settings = redis.NodeSettings(prefix);
        settings["Storage:MaxMessages"] = "0";
        settings["Storage:MaxAgeDays"] = "30";
        settings["Storage:CheckIntervalSeconds"] = "1";
        settings["Storage:PruneIntervalSeconds"] = "1";
        await using var node = ChatServer.Start(settings);
        await using var web = await node.ConnectWebAsync();
        await web.SendAsync("recent");
        await web.WaitForTextAsync("recent");

        await Eventually.WaitForAsync(() => FirstIdAsync(db, keys.RoomLog(Lobby)), first => first > 2);
        Assert.True(await FirstIdAsync(db, keys.Log) > 2);
        var kept = await db.StreamRangeAsync(keys.RoomLog(Lobby));
        Assert.Contains(kept, entry => LogEntryCodec.Decode(entry, "test").Text == "recent");
    }

    [Fact]
    public async Task AgeRetentionCutsALongLogAtTheFirstMessageYoungEnough()
    {
        var (node, db, keys) = await StartQuietNodeAsync();
        await using var _ = node;
        var now = DateTimeOffset.UtcNow;
        // Ids with holes, as a trimmed or refused stretch leaves them: every third one.
        var entries = Enumerable.Range(1, 3_000)
            .Select(i => (3L * i, i <= 2_000 ? now.AddYears(-2).AddSeconds(i) : now.AddHours(-1).AddSeconds(i), $"message {i}"))
            .ToList();
        await SeedAsync(db, keys, entries);

        var pruned = await node.Services.GetRequiredService<RedisMessageStore>().PruneAsync(now.AddDays(-30).UtcDateTime, keep: null, CancellationToken.None);

        Assert.Equal(2_000, pruned);
        Assert.Equal(3 * 2_001, await FirstIdAsync(db, keys.Log));
        Assert.Equal(3 * 2_001, await FirstIdAsync(db, keys.RoomLog(Lobby)));
        Assert.Equal(1_000, await db.StreamLengthAsync(keys.Log));
    }

    [Fact]
    public async Task AgeRetentionEmptiesALogWhoseMessagesAreAllTooOld_AndIdsCarryOnAfterIt()
    {
        var (node, db, keys) = await StartQuietNodeAsync();
        await using var _ = node;
        var ancient = DateTimeOffset.UtcNow.AddYears(-2);
        await SeedAsync(db, keys, [(1, ancient, "ancient 1"), (2, ancient.AddSeconds(1), "ancient 2"), (3, ancient.AddSeconds(2), "ancient 3")]);

        var pruned = await node.Services.GetRequiredService<RedisMessageStore>().PruneAsync(DateTime.UtcNow.AddDays(-30), keep: null, CancellationToken.None);

        Assert.Equal(3, pruned);
        Assert.Equal(0, await db.StreamLengthAsync(keys.Log));
        Assert.Equal(0, await db.StreamLengthAsync(keys.RoomLog(Lobby)));
        await using var web = await node.ConnectWebAsync();
        await web.SendAsync("after the cut");
        Assert.True((await web.WaitForTextAsync("after the cut")).Id > 3);
    }

    // A node whose own retention round does nothing, so the test runs the store's prune itself.
    private async Task<(ChatServer Node, IDatabase Db, RedisKeys Keys)> StartQuietNodeAsync()
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        var settings = redis.NodeSettings(prefix);
        settings["Storage:MaxMessages"] = "0";
        settings["Storage:MaxAgeDays"] = "0";
        var node = ChatServer.Start(settings);
        var db = node.Services.GetRequiredService<RedisConnection>().Database;
        return (node, db, new RedisKeys(prefix));
    }

    /// <summary>Plants entries as the append script would have written them, in the log and the lobby.</summary>
    internal static async Task SeedAsync(IDatabase db, RedisKeys keys, IReadOnlyList<(long Id, DateTimeOffset Time, string Text)> entries)
    {
        var writes = new List<Task>();
        foreach (var (id, time, text) in entries)
        {
            var data = LogEntryCodec.Encode(new MessageDraft("someone", ChatSource.Tcp, MessageKind.Text, text, 0, Room: Lobby), "gone-node");
            NameValueEntry[] fields = [new("t", time.ToUnixTimeMilliseconds()), new("d", data)];
            writes.Add(db.StreamAddAsync(keys.Log, fields, LogEntryCodec.EntryId(id)));
            writes.Add(db.StreamAddAsync(keys.RoomLog(Lobby), fields, LogEntryCodec.EntryId(id)));
        }

        await Task.WhenAll(writes);
        await db.StringSetAsync(keys.Sequence, entries[^1].Id);
        await db.StringSetAsync(keys.LastTime, entries[^1].Time.ToUnixTimeMilliseconds());
    }

    /// <summary>The id of a stream's oldest entry; long.MaxValue when it is empty.</summary>
    internal static async Task<long> FirstIdAsync(IDatabase db, RedisKey stream) =>
        await db.StreamRangeAsync(stream, "-", "+", 1) is [var first] ? LogEntryCodec.IdOf(first.Id) : long.MaxValue;
}
