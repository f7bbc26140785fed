using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Rooms;

public sealed class PrivateMessageTests
{
    [Fact]
    public async Task APrivateMessageReachesItsRecipientAlone_BothWays()
    {
        await using var server = ChatServer.Start();
        await using var alice = await server.ConnectWebAsync();
        await using var bystander = await server.ConnectWebAsync();
        await using var bob = await server.ConnectTcpAsync();
        await bob.SendLineAsync("/nick bob");
        await alice.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Text == "bob");

        await alice.SendAsync("/msg BOB psst, just for you");
        var received = await bob.WaitForLineContainingAsync("psst, just for you");
        Assert.Contains($"*{alice.Nick}* (private)", received, StringComparison.Ordinal);
        var copy = await alice.WaitForMessageAsync(m => m.Kind == MessageKind.Private);
        Assert.Equal("bob", copy.To);
        Assert.Null(copy.Room);
        Assert.Equal(alice.Nick, copy.Nick);

        await bob.SendLineAsync($"/msg {alice.Nick} got it");
        var confirmation = await bob.WaitForLineContainingAsync("got it");
        Assert.Contains($"-> *{alice.Nick}* got it", confirmation, StringComparison.Ordinal);
        var reply = await alice.WaitForMessageAsync(m => m.Kind == MessageKind.Private && m.Text == "got it");
        Assert.Equal(alice.Nick, reply.To);

        await bystander.SendAsync("marker");
        await bystander.WaitForTextAsync("marker");
        Assert.DoesNotContain(bystander.Received, m => m.Kind == MessageKind.Private);
    }

    [Fact]
    public async Task PrivateMessagesAreInNoHistory()
    {
        await using var server = ChatServer.Start();
        await using var alice = await server.ConnectWebAsync();
        await using var bob = await server.ConnectWebAsync();
        await alice.SendAsync($"/msg {bob.Nick} secret");
        await bob.WaitForMessageAsync(m => m.Kind == MessageKind.Private);
        await alice.SendAsync("public");
        await bob.WaitForTextAsync("public");
        using var http = server.CreateHttpClient();

        var history = await http.GetFromJsonAsync<List<ChatMessage>>(new Uri("/api/messages", UriKind.Relative));
        Assert.DoesNotContain(history!, m => m.Text == "secret");
        await using var late = await server.ConnectWebAsync();
        Assert.DoesNotContain(await late.NextHistoryAsync(), m => m.Text == "secret");
    }

    [Fact]
    public async Task APrivateMessageBeforeARenameInTheLogReachesTheRenamed_OneAfterItIsRefused()
    {
        // The fan-out is held while the three events go into the log, so the rename has taken effect
        // in bob's session (and the second message got past the sender's check) before any is delivered.
        using var gate = new DeliveryGate();
        await using var server = ChatServer.Start(services: gate.Install);
        await using var alice = await server.ConnectWebAsync();
        await using var bob = await server.ConnectWebAsync();
        await bob.SetNickAsync("bob");
        await alice.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Text == "bob");
        await bob.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Text == "bob");

        gate.Hold();
        await alice.SendAsync("/msg bob before the rename");
        await bob.SetNickAsync("rob");
        await alice.SendAsync("/msg bob after the rename");
        gate.Release();

        var early = await bob.WaitForMessageAsync(m => m.Kind == MessageKind.Private);
        Assert.Equal(("before the rename", "bob"), (early.Text, early.To));
        Assert.Equal("Error: No one called bob is online.", await alice.NextNoticeAsync());
        await alice.SendAsync("marker");
        await alice.WaitForTextAsync("marker");
        await bob.WaitForTextAsync("marker");
        Assert.DoesNotContain(bob.Received, m => m.Text == "after the rename");
        Assert.DoesNotContain(alice.Received, m => m.Text == "after the rename");
    }

    [Fact]
    public async Task AnUnknownRecipientIsAnErrorForTheSenderOnly()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync("/msg nobody hello?");
        var error = await tcp.WaitForLineAsync(line => line.StartsWith("ERROR:", StringComparison.Ordinal));
        Assert.Contains("No one called nobody", error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => web.SendAsync("/msg nobody hello?"));
        await Assert.ThrowsAsync<HubException>(() => web.SendAsync("/msg nobody"));
    }
}
