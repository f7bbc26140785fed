using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Rooms;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Storage;

public sealed class DurableHistoryTests
{
    [Fact]
    public async Task HistorySurvivesARestart_AndIdsKeepIncreasing()
    {
        using var database = new TestDatabase();
        var settings = new Dictionary<string, string?> { [TestDatabase.SettingKey] = database.ConnectionString };
        long lastId;
        await using (var first = ChatServer.Start(settings))
        {
            await using var web = await first.ConnectWebAsync();
            await web.SendAsync("before the restart 재시작 전");
            lastId = (await web.WaitForTextAsync("before the restart 재시작 전")).Id;
        }

        await using var second = ChatServer.Start(settings);
        await using var tcp = await second.ConnectTcpAsync();
        await tcp.WaitForLineContainingAsync("before the restart 재시작 전");
        await using var later = await second.ConnectWebAsync();
        var history = await later.NextHistoryAsync();
        Assert.Contains(history, m => m.Text == "before the restart 재시작 전" && m.Id == lastId);

        await later.SendAsync("after the restart");
        Assert.True((await later.WaitForTextAsync("after the restart")).Id > lastId);
    }

    [Fact]
    public async Task TcpUsersCanAskForMoreHistory()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        for (var i = 1; i <= 30; i++)
        {
            await web.SendAsync($"line {i}");
        }

        await web.WaitForTextAsync("line 30");
        await using var tcp = await server.ConnectTcpAsync();
        await tcp.WaitForLineContainingAsync($"--> {tcp.Nick} joined"); // its join is in the chat, so in its history

        await tcp.SendLineAsync("/history 25");

        await tcp.WaitForLineContainingAsync("History of #lobby: the last 25 messages");
        var lines = new List<string>();
        while (!(await tcp.ReadLineAsync()).Contains("End of history", StringComparison.Ordinal))
        {
            lines.Add(tcp.Received[^1]);
        }

        Assert.Equal(25, lines.Count);
        Assert.EndsWith("> line 7", lines[0], StringComparison.Ordinal);
        Assert.Contains("joined", lines[^1], StringComparison.Ordinal);

        await tcp.SendLineAsync("/history lots");
        await tcp.WaitForLineAsync(line => line.StartsWith("ERROR: Usage: /history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheApiPagesBackwardAndForwardThroughTheHistory()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Chat:RecentMessages"] = "10" });
        await using var web = await server.ConnectWebAsync();
        for (var i = 1; i <= 40; i++)
        {
            await web.SendAsync($"page {i}");
        }

        var last = await web.WaitForTextAsync("page 40");
        using var http = server.CreateHttpClient();

        // Older than what memory holds: these come from SQLite.
        var older = await GetAsync(http, $"/api/messages?before={last.Id - 30}&limit=5");
        Assert.Equal(["page 5", "page 6", "page 7", "page 8", "page 9"], older.Select(m => m.Text));
        Assert.Equal(older.Select(m => m.Id).Order(), older.Select(m => m.Id));

        var newer = await GetAsync(http, $"/api/messages?after={older[^1].Id}&limit=3");
        Assert.Equal(["page 10", "page 11", "page 12"], newer.Select(m => m.Text));

        var latest = await GetAsync(http, "/api/messages?limit=2");
        Assert.Equal(["page 39", "page 40"], latest.Select(m => m.Text));
        Assert.Equal(last.Id, latest[^1].Id);
        Assert.Equal(ChatSource.Web, latest[^1].Source);

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(new Uri("/api/messages?limit=0", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(new Uri("/api/messages?limit=201", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(new Uri("/api/messages?before=5&after=1", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task RetentionKeepsOnlyTheNewestMessages()
    {
        using var database = new TestDatabase();
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            [TestDatabase.SettingKey] = database.ConnectionString,
            ["Storage:MaxMessages"] = "5",
            ["Storage:CheckIntervalSeconds"] = "1",
            ["Storage:PruneIntervalSeconds"] = "1",
        });
        await using var web = await server.ConnectWebAsync();
        for (var i = 1; i <= 12; i++)
        {
            await web.SendAsync($"keep or prune {i}");
        }

        await web.WaitForTextAsync("keep or prune 12");

        var texts = await Eventually.WaitForAsync(
            () => StoredTextsAsync(database),
            stored => stored.Count == 5 && stored[^1] == "keep or prune 12");
        Assert.Equal(["keep or prune 8", "keep or prune 9", "keep or prune 10", "keep or prune 11", "keep or prune 12"], texts);
    }

    [Fact]
    public async Task RetentionDropsMessagesOlderThanTheMaximumAge()
    {
        using var database = new TestDatabase();
        await SeedAncientMessageAsync(database);
        await using var server = StartWithAgeRetention(database);
        await using var web = await server.ConnectWebAsync();
        await web.SendAsync("recent");
        await web.WaitForTextAsync("recent");

        var texts = await Eventually.WaitForAsync(
            () => StoredTextsAsync(database),
            stored => !stored.Contains("ancient") && stored.Contains("recent"));
        Assert.Equal(["", "recent"], texts);
    }

    [Fact]
    public async Task MessagesOlderThanTheMaximumAgeAreNotServedFromMemoryEither()
    {
        using var database = new TestDatabase();
        await SeedAncientMessageAsync(database);
        await using var server = StartWithAgeRetention(database);
        using var http = server.CreateHttpClient();

        // The default room's recent history was loaded from the store at start, the ancient line with it.
        await Eventually.WaitForAsync(() => StoredTextsAsync(database), stored => !stored.Contains("ancient"));
        var served = await Eventually.WaitForAsync(
            () => GetAsync(http, "/api/messages?limit=50"),
            messages => messages.All(message => message.Text != "ancient"));

        Assert.DoesNotContain(served, message => message.Text == "ancient");
    }

    // Retention by age alone (30 days), every second.
    private static ChatServer StartWithAgeRetention(TestDatabase database) => ChatServer.Start(new Dictionary<string, string?>
    {
        [TestDatabase.SettingKey] = database.ConnectionString,
        ["Storage:MaxMessages"] = "0",
        ["Storage:MaxAgeDays"] = "30",
        ["Storage:CheckIntervalSeconds"] = "1",
        ["Storage:PruneIntervalSeconds"] = "1",
    });

    internal static async Task<List<string>> StoredTextsAsync(TestDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString + ";Mode=ReadOnly");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT text FROM messages ORDER BY id;";
        await using var reader = await query.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    private static async Task SeedAncientMessageAsync(TestDatabase database)
    {
        // Let the server create the schema, then plant a message from two years ago in the default room.
        await using (ChatServer.Start(new Dictionary<string, string?> { [TestDatabase.SettingKey] = database.ConnectionString }))
        {
        }

        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO messages (id, time, nick, source, kind, text, room, room_key) VALUES (0, $time, 'ghost', 'tcp', 'text', 'ancient', $room, $roomKey);";
        insert.Parameters.AddWithValue("$time", DateTimeOffset.UtcNow.AddYears(-2).ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$room", "#lobby");
        insert.Parameters.AddWithValue("$roomKey", RoomNames.Key("#lobby"));
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<List<ChatMessage>> GetAsync(HttpClient http, string url) =>
        (await http.GetFromJsonAsync<List<ChatMessage>>(new Uri(url, UriKind.Relative)))!;
}
