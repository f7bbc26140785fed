using System.Net.Http.Json;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Rooms;
using WebTcpChat.Tests.Chat;
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
        await webA.JoinAsync("#span");
        await webA.SendToAsync("#span", "before B joins");

        await tcpB.SendLineAsync("/join #SPAN");
        await tcpB.WaitForLineContainingAsync("> before B joins");
        await webA.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == tcpB.Nick && m.Room == "#span");

        await tcpB.SendLineAsync("from B into the room");
        Assert.Equal("#span", (await webA.WaitForTextAsync("from B into the room")).Room);
        var members = await webA.GetRoomUsersAsync("#span");
        Assert.Contains(new UserInfo(tcpB.Nick, ChatSource.Tcp), members);
        Assert.Contains(new RoomInfo("#span", 2), await webA.GetRoomsAsync());

        using var httpB = b.CreateHttpClient();
        var history = await httpB.GetFromJsonAsync<List<ChatMessage>>(new Uri("/api/messages?room=%23span", UriKind.Relative));
        Assert.Contains(history!, m => m.Text == "before B joins");

        // A third node learns who is in which room from Redis, not only from later events.
        await using var c = ChatServer.Start(redis.NodeSettings(prefix));
        await using var webC = await c.ConnectWebAsync();
        var seen = await webC.GetRoomUsersAsync("#span");
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

    [Fact]
    public async Task APrivateMessageBeforeARenameInTheLogReachesTheRenamedOnTheirNode_OneAfterItIsRefused()
    {
        // B's fan-out is held while the message and the rename go into the log, so the rename has
        // taken effect in bob's session on B before B delivers the message sent to his old name.
        var prefix = $"t{Guid.NewGuid():N}:";
        using var gate = new DeliveryGate();
        await using var a = ChatServer.Start(redis.NodeSettings(prefix));
        await using var b = ChatServer.Start(redis.NodeSettings(prefix), gate.Install);
        await using var alice = await a.ConnectTcpAsync();
        await using var bob = await b.ConnectWebAsync();
        await bob.SetNickAsync("bob");
        await bob.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Text == "bob");
        await alice.WaitForLineContainingAsync("is now known as bob");

        gate.Hold();
        await alice.SendLineAsync("/msg bob before the rename");
        await alice.WaitForLineContainingAsync("-> *bob* before the rename");
        await bob.SetNickAsync("rob");
        await alice.WaitForLineContainingAsync("is now known as rob");
        await alice.SendLineAsync("/msg bob after the rename");
        Assert.Contains("No one called bob is online.", await alice.WaitForLineAsync(line => line.StartsWith("ERROR:", StringComparison.Ordinal)), StringComparison.Ordinal);
        gate.Release();

        var early = await bob.WaitForMessageAsync(m => m.Kind == MessageKind.Private);
        Assert.Equal(("before the rename", "bob"), (early.Text, early.To));
        await alice.SendLineAsync("marker");
        await bob.WaitForTextAsync("marker");
        Assert.DoesNotContain(bob.Received, m => m.Text == "after the rename");
    }
}
