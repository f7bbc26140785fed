using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Rooms;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.ScaleOut;

/// <summary>Rooms and private messages across two nodes on one Redis.</summary>
public sealed class ScaleOutRoomTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    [Fact]
    public async Task RoomsSpanNodes_WithTheirMembersHistoryAndEvents()
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        await using var a = ChatServer.Start(redis.NodeSettings(prefix));
        await using var b = ChatServer.Start(redis.NodeSettings(prefix));
        await using var webA = await a.ConnectWebAsync();
        await using var tcpB = await b.ConnectTcpAsync();
        await webA.Connection.InvokeAsync<List<ChatMessage>>("Join", "#span");
        await webA.Connection.InvokeAsync("SendTo", "#span", "before B joins");

        await tcpB.SendLineAsync("/join #SPAN");
        await tcpB.WaitForLineContainingAsync("> before B joins");
        await webA.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == tcpB.Nick && m.Room == "#span");

        await tcpB.SendLineAsync("from B into the room");
        Assert.Equal("#span", (await webA.WaitForTextAsync("from B into the room")).Room);
        var members = await webA.Connection.InvokeAsync<List<UserInfo>>("GetRoomUsers", "#span");
        Assert.Contains(new UserInfo(tcpB.Nick, ChatSource.Tcp), members);
        Assert.Contains(new RoomInfo("#span", 2), await webA.Connection.InvokeAsync<List<RoomInfo>>("GetRooms"));

        using var httpB = b.CreateHttpClient();
        var history = await httpB.GetFromJsonAsync<List<ChatMessage>>(new Uri("/api/messages?room=%23span", UriKind.Relative));
        Assert.Contains(history!, m => m.Text == "before B joins");

        // A third node learns who is in which room from Redis, not only from later events.
        await using var c = ChatServer.Start(redis.NodeSettings(prefix));
        await using var webC = await c.ConnectWebAsync();
        var seen = await webC.Connection.InvokeAsync<List<UserInfo>>("GetRoomUsers", "#span");
        Assert.Contains(new UserInfo(tcpB.Nick, ChatSource.Tcp), seen);
        Assert.Contains(seen, u => u.Nick == webA.Nick);
    }

    [Fact]
    public async Task PrivateMessagesCrossNodesToTheirRecipientAlone()
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        await using var a = ChatServer.Start(redis.NodeSettings(prefix));
        await using var b = ChatServer.Start(redis.NodeSettings(prefix));
        await using var sender = await a.ConnectTcpAsync();
        await using var bystander = await a.ConnectWebAsync();
        await using var recipient = await b.ConnectWebAsync();
        await recipient.SetNickAsync("farAway");
        await bystander.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Text == "farAway");

        await sender.SendLineAsync("/msg FARAWAY across the nodes");

        var message = await recipient.WaitForMessageAsync(m => m.Kind == MessageKind.Private);
        Assert.Equal("across the nodes", message.Text);
        Assert.Equal("farAway", message.To);
        await sender.WaitForLineContainingAsync("-> *farAway* across the nodes");
        await bystander.SendAsync("marker");
        await bystander.WaitForTextAsync("marker");
        Assert.DoesNotContain(bystander.Received, m => m.Kind == MessageKind.Private);
    }
}
