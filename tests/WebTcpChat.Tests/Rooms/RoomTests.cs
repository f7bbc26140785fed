using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Rooms;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Rooms;

public sealed class RoomTests
{
    [Fact]
    public async Task EveryoneStartsInTheDefaultRoom_AndEveryMessageSaysWhere()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync("plain line");

        var message = await web.WaitForTextAsync("plain line");
        Assert.Equal("#lobby", message.Room);
        Assert.Null(message.To);
    }

    [Fact]
    public async Task ATerminalJoinsARoom_ItsLinesGoThere_AndOnlyItsMembersSeeThem()
    {
        await using var server = ChatServer.Start();
        await using var member = await server.ConnectWebAsync();
        await using var outsider = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();
        var history = await member.JoinAsync("#rust");
        Assert.DoesNotContain(history, m => m.Kind == MessageKind.Text);

        await tcp.SendLineAsync("/join #Rust");
        await tcp.WaitForLineContainingAsync("You joined #rust");
        var join = await member.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == tcp.Nick && m.Room == "#rust");
        Assert.Equal(ChatSource.Tcp, join.Source);

        await tcp.SendLineAsync("in the room now");
        Assert.Equal("#rust", (await member.WaitForTextAsync("in the room now")).Room);

        await outsider.SendAsync("marker in the lobby");
        await outsider.WaitForTextAsync("marker in the lobby");
        Assert.DoesNotContain(outsider.Received, m => m.Room == "#rust");
    }

    [Fact]
    public async Task LinesFromAnotherRoomThanTheCurrentOneNameTheirRoomInATerminal()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();
        await tcp.SendLineAsync("/join #side");
        await tcp.WaitForLineContainingAsync("You joined #side");

        await web.SendAsync("hello lobby");
        var line = await tcp.WaitForLineContainingAsync("hello lobby");
        Assert.Contains($"[#lobby] <{web.Nick}> hello lobby", line, StringComparison.Ordinal);

        await web.JoinAsync("#side");
        await web.SendToAsync("#side", "hello side");
        var plain = await tcp.WaitForLineContainingAsync("hello side");
        Assert.DoesNotContain("[#side]", plain, StringComparison.Ordinal);
        Assert.Contains($"<{web.Nick}> hello side", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoiningARoomSendsItsRecentHistory_OnBothSides()
    {
        await using var server = ChatServer.Start();
        await using var writer = await server.ConnectWebAsync();
        await writer.JoinAsync("#talk");
        for (var i = 0; i < 3; i++)
        {
            await writer.SendToAsync("#talk", $"earlier {i}");
        }

        await writer.WaitForTextAsync("earlier 2");
        await writer.SendAsync("not in talk");

        await using var web = await server.ConnectWebAsync();
        var history = await web.JoinAsync("#TALK");
        Assert.Equal(["earlier 0", "earlier 1", "earlier 2"], history.Where(m => m.Kind == MessageKind.Text).Select(m => m.Text));
        Assert.All(history, m => Assert.Equal("#talk", m.Room));

        await using var tcp = await server.ConnectTcpAsync();
        await tcp.SendLineAsync("/join #talk");
        await tcp.WaitForLineContainingAsync("> earlier 0");
        await tcp.WaitForLineContainingAsync("> earlier 2");
    }

    [Fact]
    public async Task PartingFallsBackToTheDefaultRoom_AndJoinsAndLeavesAreEventsOfTheirRoomOnly()
    {
        await using var server = ChatServer.Start();
        await using var lobbyOnly = await server.ConnectWebAsync();
        await using var member = await server.ConnectWebAsync();
        await member.JoinAsync("#x");
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync("/join #x");
        await member.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == tcp.Nick && m.Room == "#x");
        await tcp.SendLineAsync("/part bye all");
        var leave = await member.WaitForMessageAsync(m => m.Kind == MessageKind.Leave && m.Nick == tcp.Nick);
        Assert.Equal("#x", leave.Room);
        Assert.Equal("Left: bye all", leave.Text);
        await tcp.WaitForLineContainingAsync("Your current room is #lobby");

        await tcp.SendLineAsync("back in the lobby");
        Assert.Equal("#lobby", (await lobbyOnly.WaitForTextAsync("back in the lobby")).Room);
        Assert.DoesNotContain(lobbyOnly.Received, m => m.Room == "#x");

        await tcp.SendLineAsync("/part #lobby");
        await tcp.WaitForLineAsync(line => line.StartsWith("ERROR:", StringComparison.Ordinal) && line.Contains("cannot be left", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RoomsAndTheirMembersAreListedOnBothSides()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();
        await web.JoinAsync("#한국어방");
        await tcp.SendLineAsync("/join #한국어방");
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == tcp.Nick && m.Room == "#한국어방");

        await tcp.SendLineAsync("/rooms");
        var rooms = await tcp.WaitForLineContainingAsync("rooms:");
        Assert.Contains("#lobby (2)", rooms, StringComparison.Ordinal);
        Assert.Contains("#한국어방 (2)", rooms, StringComparison.Ordinal);

        await tcp.SendLineAsync("/who");
        var who = await tcp.WaitForLineContainingAsync("in #한국어방:");
        Assert.Contains($"{web.Nick} (web)", who, StringComparison.Ordinal);

        var list = await web.GetRoomsAsync();
        Assert.Contains(new RoomInfo("#한국어방", 2), list);
        var members = await web.GetRoomUsersAsync("#한국어방");
        Assert.Contains(new UserInfo(tcp.Nick, ChatSource.Tcp), members);
    }

    [Fact]
    public async Task BadRoomNamesAndUnjoinedRoomsAreRefusedWithAReason()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync("/join #no spaces");
        await tcp.WaitForLineAsync(line => line.StartsWith("ERROR:", StringComparison.Ordinal) && line.Contains("room name", StringComparison.Ordinal));
        await Assert.ThrowsAsync<HubException>(() => web.JoinAsync("no-hash"));
        var notIn = await Assert.ThrowsAsync<HubException>(() => web.SendToAsync("#elsewhere", "hi"));
        Assert.Contains("join it first", notIn.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => web.LeaveAsync("#lobby"));
        await Assert.ThrowsAsync<HubException>(() => web.GetRoomUsersAsync("#nowhere"));
    }

    [Fact]
    public async Task RoomLimitsAreKept()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:MaxRoomsPerUser"] = "3", ["Limits:MaxRooms"] = "4" });
        await using var first = await server.ConnectWebAsync();
        await first.JoinAsync("#one");
        await first.JoinAsync("#two");
        var perUser = await Assert.ThrowsAsync<HubException>(() => first.JoinAsync("#three"));
        Assert.Contains("MaxRoomsPerUser", perUser.Message, StringComparison.Ordinal);

        await using var second = await server.ConnectWebAsync();
        await second.JoinAsync("#three");
        var total = await Assert.ThrowsAsync<HubException>(() => second.JoinAsync("#four"));
        Assert.Contains("MaxRooms", total.Message, StringComparison.Ordinal);

        // An existing room can still be joined.
        await second.JoinAsync("#one");
    }

    [Fact]
    public async Task HistoryAndTheApiArePerRoom()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await web.JoinAsync("#api");
        await web.SendToAsync("#api", "for the api room");
        await web.SendAsync("for the lobby");
        await web.WaitForTextAsync("for the lobby");
        using var http = server.CreateHttpClient();

        var room = await http.GetFromJsonAsync<List<ChatMessage>>(new Uri("/api/messages?room=%23api", UriKind.Relative));
        var lobby = await http.GetFromJsonAsync<List<ChatMessage>>(new Uri("/api/messages", UriKind.Relative));

        Assert.Contains(room!, m => m.Text == "for the api room");
        Assert.DoesNotContain(room!, m => m.Text == "for the lobby");
        Assert.Contains(lobby!, m => m.Text == "for the lobby");
        Assert.DoesNotContain(lobby!, m => m.Text == "for the api room");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(new Uri("/api/messages?room=nohash", UriKind.Relative))).StatusCode);

        await using var tcp = await server.ConnectTcpAsync();
        await tcp.SendLineAsync("/join #api");
        await tcp.SendLineAsync("/history 5");
        await tcp.WaitForLineContainingAsync("History of #api");
        await tcp.WaitForLineContainingAsync("for the api room");
    }

    [Fact]
    public async Task ATerminalThatQuitsLeavesEveryRoomItWasIn()
    {
        await using var server = ChatServer.Start();
        await using var watcher = await server.ConnectWebAsync();
        await watcher.JoinAsync("#a");
        var tcp = await server.ConnectTcpAsync();
        await tcp.SendLineAsync("/join #a");
        await watcher.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == tcp.Nick && m.Room == "#a");

        await tcp.SendLineAsync("/quit done");
        await tcp.ReadUntilClosedAsync();

        var leaves = new List<string?>();
        while (leaves.Count < 2)
        {
            leaves.Add((await watcher.WaitForMessageAsync(m => m.Kind == MessageKind.Leave && m.Nick == tcp.Nick)).Room);
        }

        Assert.Equal(["#a", "#lobby"], leaves);
        await tcp.DisposeAsync();
        var rooms = await watcher.GetRoomsAsync();
        Assert.Contains(new RoomInfo("#a", 1), rooms);
    }
}
