using Microsoft.AspNetCore.SignalR;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Gateway;

public sealed class NicknameTests
{
    [Fact]
    public async Task EveryoneStartsWithAGuestNickname()
    {
        await using var server = ChatServer.Start();
        await using var tcp = await server.ConnectTcpAsync();
        await using var web = await server.ConnectWebAsync();

        Assert.Matches("^guest-[0-9]+$", tcp.Nick);
        Assert.Matches("^guest-[0-9]+$", web.Nick);
        Assert.NotEqual(tcp.Nick, web.Nick);
    }

    [Fact]
    public async Task NicknamesAreUniqueAcrossBothSidesIgnoringCase()
    {
        await using var server = ChatServer.Start();
        await using var tcp = await server.ConnectTcpAsync();
        await using var web = await server.ConnectWebAsync();

        await tcp.SendLineAsync("/nick Alice");
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Text == "Alice");

        var taken = await Assert.ThrowsAsync<HubException>(() => web.SetNickAsync("aLiCe"));
        Assert.Contains("taken", taken.Message, StringComparison.Ordinal);

        await web.SetNickAsync("Bob");
        Assert.Equal("Bob", (await web.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Nick.StartsWith("guest-", StringComparison.Ordinal))).Text);
        await tcp.SendLineAsync("/nick BOB");
        var error = await tcp.WaitForLineAsync(line => line.StartsWith("ERROR:", StringComparison.Ordinal));
        Assert.Contains("taken", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFreedNicknameCanBeTakenAgain()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        var first = await server.ConnectTcpAsync();
        await first.SendLineAsync("/nick carol");
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Text == "carol");

        await first.DisposeAsync();
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Leave && m.Nick == "carol");

        await web.SetNickAsync("Carol");
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Text == "Carol");
        Assert.Equal("Carol", web.Nick);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("evil\u202Eflip")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("system")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public async Task InvalidNicknamesAreRefusedWithAReason(string nick)
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => web.SetNickAsync(nick));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task TheBrowserIsToldItsNewNickname_WhicheverWayItChanged()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();

        await web.SendAsync("/nick via_command");
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Text == "via_command");

        Assert.Equal("via_command", web.Nick);
    }
}
