using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Doubles;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Rooms;

/// <summary>
/// A room's recent history is read from the store when the room is not in memory. These hold the
/// store at the moment a race needs (a read under way, a batch written but not yet delivered) to show
/// that history and live messages still meet exactly.
/// </summary>
public sealed class RoomHistoryLoadTests
{
    // The loader's "a joiner waits for the read under way" event, at Debug.
    private const int JoinerWaitsForRead = 331;

    [Fact]
    public async Task TwoUsersJoiningARoomNotInMemory_GetItsWholeHistory_TheSecondWaitingForTheFirstOnesRead()
    {
        var store = new GatedStore();
        await using var server = ChatServer.Start(
            new Dictionary<string, string?> { ["Serilog:MinimumLevel:Override:WebTcpChat.Storage.RecentHistoryLoader"] = "Debug" },
            store.ReplaceIn);
        await using var writer = await server.ConnectWebAsync();
        await SayAndLeaveAsync(writer, "#cold", "old 1", "old 2");
        await using var first = await server.ConnectWebAsync();
        await using var second = await server.ConnectWebAsync();

        IReadOnlyList<ChatMessage> firstHistory, secondHistory;
        using (store.Reads.Hold(room => room == "#cold"))
        {
            var firstJoin = first.JoinAsync("#cold");
            var read = await store.Reads.NextAsync();
            var secondJoin = second.JoinAsync("#cold");

            // The second joiner is either served at once (before the room's history is in) or waits.
            await Task.WhenAny(secondJoin, server.Logs.WaitForEventIdAsync(JoinerWaitsForRead));
            read.Release();
            firstHistory = await firstJoin.WaitAsync(Timeouts.Event);
            secondHistory = await secondJoin.WaitAsync(Timeouts.Event);
        }

        // Each may also see the other's join, if it was delivered before its own entry.
        Assert.Equal(["old 1", "old 2"], Texts(firstHistory));
        Assert.Equal(["old 1", "old 2"], Texts(secondHistory));
    }

    [Fact]
    public async Task HistoryOnJoiningARoomNotInMemoryEndsWhereItsLiveMessagesStart_EvenWithSomeWrittenButNotYetDelivered()
    {
        var store = new GatedStore();
        await using var server = ChatServer.Start(services: store.ReplaceIn);
        await using var first = await server.ConnectWebAsync();
        await using var passer = await server.ConnectWebAsync();
        await using var joiner = await server.ConnectWebAsync();
        await first.JoinAsync("#r");
        await first.SendToAsync("#r", "before");
        await first.WaitForTextAsync("before");

        IReadOnlyList<ChatMessage> history;
        using (store.Writes.Hold())
        {
            // The last member's leave is written; while it waits to be delivered, someone passes through
            // the room (join, line, leave) before their join is delivered.
            await first.LeaveAsync("#r");
            var leave = await store.Writes.NextAsync(batch => batch.Any(m => m.Kind == MessageKind.Leave && m.Room == "#r"));
            await passer.JoinAsync("#r");
            await passer.SendToAsync("#r", "in flight");
            await passer.LeaveAsync("#r");

            // The room empties and leaves memory; the passer's batch is in the store, not yet delivered.
            leave.Release();
            await store.Writes.NextAsync(batch => batch.Any(m => m.Text == "in flight"));
            history = await joiner.JoinAsync("#r");
        }

        await joiner.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == joiner.Nick && m.Room == "#r");
        var live = joiner.Received.Where(m => m.Room == "#r").ToList();
        Assert.DoesNotContain(history, m => m.Text == "in flight");
        using var http = server.CreateHttpClient();
        var stored = await http.GetFromJsonAsync<List<ChatMessage>>(new Uri("/api/messages?room=%23r", UriKind.Relative));
        Assert.Equal(Ids(stored!), [.. Ids(history), .. Ids(live)]);
    }

    [Fact]
    public async Task JoiningARoomNotInMemoryWhileTheStoreCannotBeWritten_BringsWhatWaitsToBeWritten()
    {
        using var database = new TestDatabase();
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            [TestDatabase.SettingKey] = database.ConnectionString,
            ["Storage:BusyTimeoutMilliseconds"] = "50",
        });
        await using var writer = await server.ConnectWebAsync();
        await using var joiner = await server.ConnectWebAsync();

        await using (await LockForWritingAsync(database))
        {
            await SayAndLeaveAsync(writer, "#p", "while locked");
            var history = await joiner.JoinAsync("#p");
            Assert.Equal(["while locked"], Texts(history));
        }
    }

    [Fact]
    public async Task ARoomEmptiedAndRefilledInOneBatch_KeepsItsHistoryInMemory()
    {
        var store = new GatedStore();
        await using var server = ChatServer.Start(services: store.ReplaceIn);
        await using var leaver = await server.ConnectTcpAsync();
        await using var comer = await server.ConnectWebAsync();
        await using var later = await server.ConnectWebAsync();
        await leaver.SendLineAsync("/join #swap");
        await leaver.WaitForLineContainingAsync("You joined #swap");
        await leaver.SendLineAsync("said before the swap");

        using (store.Writes.Hold(batch => batch.Any(m => m.Text == "hold the log here")))
        {
            // The log waits on this batch, so the leave and the join behind it go out in one batch.
            await comer.SendAsync("hold the log here");
            var held = await store.Writes.NextAsync();
            await leaver.SendLineAsync("/part #swap");
            await leaver.WaitForLineContainingAsync("You left #swap");
            await comer.JoinAsync("#swap");
            held.Release();
        }

        await comer.SendToAsync("#swap", "said after the swap");
        await comer.WaitForTextAsync("said after the swap");

        // Only memory can answer now.
        store.FailReadsOf("#swap");
        var history = await later.JoinAsync("#swap");
        Assert.Equal(["said before the swap", "said after the swap"], Texts(history));
    }

    [Fact]
    public async Task ARoomWhoseLastMemberLeavesWhileSomeoneHereIsJoiningIt_KeepsItsHistoryInMemory()
    {
        var store = new GatedStore();
        await using var server = ChatServer.Start(services: store.ReplaceIn);
        await using var leaver = await server.ConnectTcpAsync();
        await using var comer = await server.ConnectWebAsync();
        await using var later = await server.ConnectWebAsync();
        await leaver.SendLineAsync("/join #swap");
        await leaver.WaitForLineContainingAsync("You joined #swap");
        await leaver.SendLineAsync("said before the swap");

        using (store.Writes.Hold(batch => batch.Any(m => m.Kind == MessageKind.Leave && m.Room == "#swap")))
        {
            // The comer is in the room before the leave is delivered; its join comes in the batch after.
            await leaver.SendLineAsync("/part #swap");
            var leave = await store.Writes.NextAsync();
            await comer.JoinAsync("#swap");
            leave.Release();
        }

        await comer.SendToAsync("#swap", "said after the swap");
        await comer.WaitForTextAsync("said after the swap");

        store.FailReadsOf("#swap");
        var history = await later.JoinAsync("#swap");
        Assert.Equal(["said before the swap", "said after the swap"], Texts(history));
    }

    // Lines in a room, then out of it; returns once the leave is delivered (the room, now empty, is forgotten).
    private static async Task SayAndLeaveAsync(WebChatClient user, string room, params string[] lines)
    {
        await user.JoinAsync(room);
        foreach (var line in lines)
        {
            await user.SendToAsync(room, line);
        }

        await user.WaitForTextAsync(lines[^1]);
        await user.LeaveAsync(room);
        var marker = $"after leaving {room}";
        await user.SendAsync(marker);
        await user.WaitForTextAsync(marker);
    }

    // Another connection takes SQLite's write lock: reads go on (WAL), the server's writes fail and wait in memory.
    private static async Task<SqliteConnection> LockForWritingAsync(TestDatabase database)
    {
        var blocker = new SqliteConnection(database.ConnectionString);
        await blocker.OpenAsync();
        await using var begin = blocker.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        await begin.ExecuteNonQueryAsync();
        return blocker;
    }

    private static List<string> Texts(IEnumerable<ChatMessage> messages) =>
        [.. messages.Where(m => m.Kind == MessageKind.Text).Select(m => m.Text)];

    private static List<long> Ids(IEnumerable<ChatMessage> messages) => [.. messages.Select(m => m.Id)];
}
