using System.Net;
using Microsoft.Data.Sqlite;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Storage;

public sealed class StorageFaultTests
{
    [Fact]
    public async Task ALockedDatabaseFailsReadiness_TheChatGoesOn_AndEverythingIsWrittenOnceItIsFree()
    {
        using var database = new TestDatabase();
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            [TestDatabase.SettingKey] = database.ConnectionString,
            ["Storage:BusyTimeoutMilliseconds"] = "50",
            ["Storage:CheckIntervalSeconds"] = "1",
        });
        using var http = server.CreateHttpClient();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();
        Assert.Equal(HttpStatusCode.OK, await Probes.ReadinessAsync(http));

        // Another process takes the write lock and keeps it.
        var blocker = new SqliteConnection(database.ConnectionString);
        await blocker.OpenAsync();
        var lockTransaction = await blocker.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
        await using (var take = blocker.CreateCommand())
        {
            take.CommandText = "INSERT INTO messages (id, time, nick, source, kind, text) VALUES (-1, 0, 'lock', 'tcp', 'text', 'lock');";
            await take.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < 5; i++)
        {
            await tcp.SendLineAsync($"while locked {i}");
            await web.WaitForTextAsync($"while locked {i}");
        }

        await Eventually.WaitForAsync(() => Probes.ReadinessAsync(http), status => status == HttpStatusCode.ServiceUnavailable);

        await lockTransaction.RollbackAsync();
        await blocker.DisposeAsync();

        await Eventually.WaitForAsync(() => Probes.ReadinessAsync(http), status => status == HttpStatusCode.OK);
        var stored = await DurableHistoryTests.StoredTextsAsync(database);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"while locked {i}"), stored.Where(t => t.StartsWith("while locked", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ARemovedDatabaseFileIsRecreatedWithTheRecentHistory()
    {
        using var database = new TestDatabase();
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            [TestDatabase.SettingKey] = database.ConnectionString,
            ["Storage:CheckIntervalSeconds"] = "1",
        });
        using var http = server.CreateHttpClient();
        await using var web = await server.ConnectWebAsync();
        await web.SendAsync("before removal");
        await web.WaitForTextAsync("before removal");

        foreach (var file in new[] { database.Path, database.Path + "-wal", database.Path + "-shm" })
        {
            File.Delete(file);
        }

        await web.SendAsync("after removal");
        await web.WaitForTextAsync("after removal");

        // Back with a new file holding both what memory had and what came after.
        var stored = await Eventually.WaitForAsync(
            async () => File.Exists(database.Path) ? await DurableHistoryTests.StoredTextsAsync(database) : [],
            texts => texts.Contains("before removal") && texts.Contains("after removal"));
        Assert.True(stored.IndexOf("before removal") < stored.IndexOf("after removal"));
        await Eventually.WaitForAsync(() => Probes.ReadinessAsync(http), status => status == HttpStatusCode.OK);
    }

    [Fact]
    public async Task AFullDatabaseFailsReadinessButNothingStopsTheChat()
    {
        using var database = new TestDatabase();
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            [TestDatabase.SettingKey] = database.ConnectionString,
            ["Storage:MaxDatabaseMegabytes"] = "1",
            ["Storage:CheckIntervalSeconds"] = "1",
        });
        using var http = server.CreateHttpClient();
        await using var sender = await server.ConnectTcpAsync();
        await using var web = await server.ConnectWebAsync();

        var payload = new string('x', 3500);
        for (var i = 0; i < 400; i++)
        {
            await sender.SendLineAsync($"{i} {payload}");
            await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text && m.Text.StartsWith($"{i} ", StringComparison.Ordinal));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Eventually.WaitForAsync(() => Probes.ReadinessAsync(http), s => s != HttpStatusCode.OK));
        await sender.SendLineAsync("still chatting");
        await web.WaitForTextAsync("still chatting");
    }
}
