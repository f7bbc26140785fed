using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Gateway;

public sealed class CrossTransportTests
{
    [Fact]
    public async Task TcpLineReachesBrowser()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync("hello from a terminal 안녕");

        var message = await web.WaitForTextAsync("hello from a terminal 안녕");
        Assert.Equal(tcp.Nick, message.Nick);
        Assert.Equal(ChatSource.Tcp, message.Source);
        Assert.True(message.Id > 0);
        Assert.Equal(DateTimeKind.Utc, message.Time.Kind);
    }

    [Fact]
    public async Task BrowserLineReachesTcp_AndComesBackToItsSenderWithIdAndTime()
    {
        await using var server = ChatServer.Start();
        await using var tcp = await server.ConnectTcpAsync();
        await using var web = await server.ConnectWebAsync();

        await web.SendAsync("hello from a browser 안녕");

        var line = await tcp.WaitForLineContainingAsync("hello from a browser 안녕");
        Assert.Contains($"<{web.Nick}> hello from a browser 안녕", line, StringComparison.Ordinal);
        var echo = await web.WaitForTextAsync("hello from a browser 안녕");
        Assert.Equal(web.Nick, echo.Nick);
        Assert.Equal(ChatSource.Web, echo.Source);
        Assert.True(echo.Id > 0);
    }

    [Fact]
    public async Task TcpLineReachesOtherTcpUsers_ButIsNotEchoedToItsSender()
    {
        await using var server = ChatServer.Start();
        await using var alice = await server.ConnectTcpAsync();
        await using var bob = await server.ConnectTcpAsync();
        await alice.WaitForLineContainingAsync($"{bob.Nick} joined");

        await alice.SendLineAsync("hi bob");
        await bob.WaitForLineContainingAsync($"<{alice.Nick}> hi bob");

        // A marker after the line proves ordering: if the echo were coming, it would come first.
        await bob.SendLineAsync("marker");
        var next = await alice.WaitForLineContainingAsync("marker");
        Assert.DoesNotContain(alice.Received, line => line.Contains("hi bob", StringComparison.Ordinal));
        Assert.Contains($"<{bob.Nick}> marker", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActionsJoinsLeavesAndNickChangesAreSeenOnBothSides()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();
        var join = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == tcp.Nick);
        Assert.Equal(ChatSource.Tcp, join.Source);

        await tcp.SendLineAsync("/me waves");
        var action = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Action);
        Assert.Equal("waves", action.Text);

        await tcp.SendLineAsync("/nick terminal_tom");
        var nick = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Nick);
        Assert.Equal(tcp.Nick, nick.Nick);
        Assert.Equal("terminal_tom", nick.Text);

        await web.SendAsync("/me smiles");
        await tcp.WaitForLineContainingAsync($"* {web.Nick} smiles");

        await tcp.SendLineAsync("/quit see you");
        var goodbye = await tcp.ReadUntilClosedAsync();
        Assert.Contains(goodbye, line => line.Contains("Goodbye", StringComparison.Ordinal));
        var leave = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Leave);
        Assert.Equal("terminal_tom", leave.Nick);
        Assert.Equal("Quit: see you", leave.Text);
    }

    [Fact]
    public async Task WhoListsEveryoneOnBothSidesMarked()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == tcp.Nick);

        await tcp.SendLineAsync("/who");
        var who = await tcp.WaitForLineContainingAsync("in #lobby:");
        Assert.Contains($"{tcp.Nick} (tcp)", who, StringComparison.Ordinal);
        Assert.Contains($"{web.Nick} (web)", who, StringComparison.Ordinal);

        await web.SendAsync("/who");
        var notice = await web.NextNoticeAsync();
        Assert.Contains($"{tcp.Nick} (tcp)", notice, StringComparison.Ordinal);

        var users = await web.WaitForUsersAsync(list => list.Count == 2);
        Assert.Contains(new UserInfo(tcp.Nick, ChatSource.Tcp), users);
        Assert.Contains(new UserInfo(web.Nick, ChatSource.Web), users);
    }

    [Fact]
    public async Task UnknownCommandsAreErrorsForTheirSenderOnly()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync("/frobnicate now");
        var error = await tcp.WaitForLineAsync(line => line.StartsWith("ERROR:", StringComparison.Ordinal));
        Assert.Contains("/frobnicate", error, StringComparison.Ordinal);

        var hubError = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => web.SendAsync("/frobnicate"));
        Assert.Contains("Unknown command", hubError.Message, StringComparison.Ordinal);

        await tcp.SendLineAsync("after");
        await web.WaitForTextAsync("after");
        Assert.DoesNotContain(web.Received, m => m.Text.Contains("frobnicate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADoubleSlashSendsALineThatStartsWithASlash()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync("//usr/bin is a path");

        await web.WaitForTextAsync("/usr/bin is a path");
    }

    [Fact]
    public async Task TheHelpListsTheCommands()
    {
        await using var server = ChatServer.Start();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync("/help");

        foreach (var command in new[] { "/nick", "/me", "/who", "/help", "/quit" })
        {
            await tcp.WaitForLineContainingAsync(command);
        }
    }
}
