using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WebTcpChat.BrowserTests.Browser;
using WebTcpChat.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebTcpChat.BrowserTests;

/// <summary>Rooms on the page: joining, switching, leaving, who is in each, and the room name errors.</summary>
public sealed class RoomTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task AJoinedRoomChatsWithATerminalThere_WhileTheLobbyCountsUnread_AndNothingLeaks()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var inRust = await server.ConnectTcpAsync();
        await using var inLobby = await server.ConnectTcpAsync();
        var nick = await page.NickAsync();
        await inRust.SendLineAsync("/join #rust");
        await inRust.WaitForLineContainingAsync("You joined #rust");

        await page.JoinRoomAsync("#rust");
        await inRust.WaitForLineContainingAsync($"--> {nick} joined #rust (web)");
        await Expect(page.Rooms).ToHaveCountAsync(2);
        await Expect(page.Entry("#rust").Locator(".conv__show")).ToHaveAttributeAsync("aria-current", "true");

        // Both ways in the room, in the room's own list.
        await page.SendAsync("hello rust");
        await inRust.WaitForLineContainingAsync($"] <{nick}> hello rust"); // the terminal's current room: no [#room] mark
        await inRust.SendLineAsync("hi from the terminal");
        await page.ExpectOneMessageAsync("hi from the terminal");

        // The lobby, not shown, counts what it hears; none of it shows in #rust.
        await inLobby.SendLineAsync("meanwhile in the lobby");
        await Expect(page.UnreadOf("#lobby")).ToHaveTextAsync("1");
        await Expect(page.MessageWithText("meanwhile in the lobby")).ToHaveCountAsync(0);
        await Expect(page.UnreadOf("#rust")).ToBeHiddenAsync();

        await page.ShowAsync("#lobby");
        await Expect(page.UnreadOf("#lobby")).ToBeHiddenAsync();
        await page.ExpectOneMessageAsync("meanwhile in the lobby");
        await Expect(page.MessageWithText("hello rust")).ToHaveCountAsync(0);
        await Expect(page.MessageWithText("hi from the terminal")).ToHaveCountAsync(0);

        // A line typed in the lobby goes to the lobby; the room's lines never reached it.
        await page.SendAsync("back in the lobby");
        await inLobby.WaitForLineContainingAsync($"<{nick}> back in the lobby");
        Assert.DoesNotContain(inLobby.Received, line => line.Contains("hello rust", StringComparison.Ordinal));
        await inRust.WaitForLineContainingAsync($"[#lobby] <{nick}> back in the lobby");

        await inRust.SendLineAsync("rust again");
        await Expect(page.UnreadOf("#rust")).ToHaveTextAsync("1");
        await Expect(page.Entry("#rust").Locator(".conv__show")).ToHaveAccessibleNameAsync("#rust, 1 unread message");
        await page.ShowAsync("#rust");
        await page.ExpectOneMessageAsync("rust again");

        // Every message is on the page once, in its own room's list only.
        foreach (var text in new[] { "hello rust", "hi from the terminal", "meanwhile in the lobby", "back in the lobby", "rust again" })
        {
            await Expect(page.AllMessages.Filter(new() { HasText = text })).ToHaveCountAsync(1);
        }

        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task SwitchingRoomsKeepsEachRoomsMessagesAndPlace()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server, new()
        {
            ViewportSize = new ViewportSize { Width = 900, Height = 520 },
        });
        await using var inRust = await server.ConnectTcpAsync();
        await using var inLobby = await server.ConnectTcpAsync();
        await inRust.SendLineAsync("/join #rust");
        await inRust.WaitForLineContainingAsync("You joined #rust");
        await page.JoinRoomAsync("#rust");

        for (var i = 1; i <= 40; i++)
        {
            await inRust.SendLineAsync($"rust {i:00}");
            await inLobby.SendLineAsync($"lobby {i:00}");
        }

        // At the bottom of #rust; the lobby, not shown, fills meanwhile.
        await Expect(await page.ExpectOneMessageAsync("rust 40")).ToBeInViewportAsync();
        await Expect(page.UnreadOf("#lobby")).ToHaveTextAsync("40");

        // Scrolled up in #rust, then to the lobby: shown at its newest.
        await page.Scroller.EvaluateAsync("scroller => { scroller.scrollTop = 0; }");
        var firstInRust = page.MessageWithText("rust 01");
        await Expect(firstInRust).ToBeInViewportAsync();
        await page.ShowAsync("#lobby");
        await Expect(await page.ExpectOneMessageAsync("lobby 40")).ToBeInViewportAsync();
        await Expect(page.NewBelow).ToBeHiddenAsync();

        // #rust hears more while the lobby is shown; back in #rust, the reader is where they were,
        // told of what came in below.
        for (var i = 1; i <= 3; i++)
        {
            await inRust.SendLineAsync($"while away {i}");
        }

        await Expect(page.UnreadOf("#rust")).ToHaveTextAsync("3");
        await page.Page.Keyboard.PressAsync("Alt+ArrowDown"); // the next conversation: #rust
        await Expect(page.Title).ToHaveTextAsync("#rust");
        await Expect(firstInRust).ToBeInViewportAsync();
        await Expect(page.NewBelow).ToHaveTextAsync(new Regex("3 new messages below"));
        await Expect(page.MessageWithText("while away 3")).Not.ToBeInViewportAsync();

        // And the lobby is still at its newest.
        await page.Page.Keyboard.PressAsync("Alt+ArrowUp");
        await Expect(page.Title).ToHaveTextAsync("#lobby");
        await Expect(page.MessageWithText("lobby 40")).ToBeInViewportAsync();

        foreach (var (room, prefix) in new[] { ("#lobby", "lobby"), ("#rust", "rust") })
        {
            await page.ShowAsync(room);
            for (var i = 1; i <= 40; i++)
            {
                await Expect(page.MessageWithText($"{prefix} {i:00}")).ToHaveCountAsync(1);
            }

            var ids = await page.MessageIdsAsync();
            Assert.Equal(ids.Order(), ids);
            Assert.Equal(ids.Distinct().Count(), ids.Count);
        }

        await Expect(page.MessageWithText("while away 3")).ToHaveCountAsync(1);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task OlderMessagesLoadPerRoom_FromThatRoomOnly()
    {
        await using var server = ChatServer.Start();
        await using (var tcp = await server.ConnectTcpAsync())
        await using (var witness = await server.ConnectWebAsync())
        {
            for (var i = 1; i <= 60; i++)
            {
                var room = i % 2 == 1 ? "rust" : "lobby";
                await tcp.SendLineAsync($"/join #{room}");
                await tcp.SendLineAsync($"{room} old {i:00}");
            }

            await witness.WaitForTextAsync("lobby old 60"); // the last said, so all are stored
        }

        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await page.JoinRoomAsync("#rust");
        await page.ExpectOneMessageAsync("rust old 59");
        var older = page.OlderButton;
        await page.PressOlderAsync(); // the rest of the room's history fits in one page
        await Expect(page.Page.Locator("#older-status")).ToHaveTextAsync("This is the start of #rust.");
        await Expect(older).ToBeHiddenAsync();
        for (var i = 1; i <= 59; i += 2)
        {
            await Expect(page.MessageWithText($"rust old {i:00}")).ToHaveCountAsync(1);
        }

        await Expect(page.Messages.Filter(new() { HasText = "lobby old" })).ToHaveCountAsync(0);

        // The lobby pages on its own.
        await page.ShowAsync("#lobby");
        await Expect(page.Page.Locator("#older-status")).ToBeEmptyAsync();
        await page.PressOlderAsync();
        await page.ExpectOneMessageAsync("lobby old 02");
        await Expect(page.Messages.Filter(new() { HasText = "rust old" })).ToHaveCountAsync(0);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task LeavingARoomClosesIt_AndTheDefaultRoomCannotBeLeft()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();
        var nick = await page.NickAsync();
        await tcp.SendLineAsync("/join #rust");
        await tcp.SendLineAsync("/join #go");
        await tcp.WaitForLineContainingAsync("You joined #go");

        await Expect(page.LeaveButton).ToBeHiddenAsync(); // the default room
        await page.JoinRoomAsync("#rust");
        await page.JoinRoomAsync("#go");

        // With the button.
        await page.ShowAsync("#rust");
        await page.LeaveButton.ClickAsync();
        await tcp.WaitForLineContainingAsync($"<-- {nick} left #rust (Left)");
        await Expect(page.Entry("#rust")).ToHaveCountAsync(0);
        await Expect(page.Title).ToHaveTextAsync("#lobby");
        await Expect(page.Composer).ToBeFocusedAsync();

        // With /part and a reason, typed in the room.
        await page.ShowAsync("#go");
        await page.SendAsync("/part off to lunch");
        await tcp.WaitForLineContainingAsync($"<-- {nick} left #go (Left: off to lunch)");
        await Expect(page.Entry("#go")).ToHaveCountAsync(0);
        await Expect(page.Rooms).ToHaveCountAsync(1);

        // The default room cannot be left; the server says so.
        await page.ShowAsync("#lobby");
        await page.SendAsync("/part");
        await Expect(page.ComposerError).ToContainTextAsync("cannot be left");

        // A reload does not bring the rooms left back.
        await page.Page.ReloadAsync();
        await page.WaitUntilConnectedAsync();
        await Expect(page.Title).ToHaveTextAsync("#lobby");
        await Expect(page.Rooms).ToHaveCountAsync(1);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task AReloadComesBackToTheSameRooms_AndTheRoomShown()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();
        await page.JoinRoomAsync("#rust");
        await page.JoinRoomAsync("#한국어방");
        await page.SendAsync("안녕하세요, 방 여러분");
        await page.ExpectOneMessageAsync("안녕하세요, 방 여러분");

        await page.Page.ReloadAsync();
        await page.WaitUntilConnectedAsync();

        await Expect(page.Title).ToHaveTextAsync("#한국어방");
        await Expect(page.Entry("#rust")).ToHaveAttributeAsync("data-state", "joined");
        await Expect(page.Entry("#한국어방")).ToHaveAttributeAsync("data-state", "joined");
        await page.ExpectOneMessageAsync("안녕하세요, 방 여러분");
        await Expect(page.Rooms).ToHaveCountAsync(3);
        await tcp.SendLineAsync("/who #rust");
        await tcp.WaitForLineContainingAsync("1 in #rust");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task ThePeopleListFollowsTheRoomShown()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var both = await server.ConnectTcpAsync();
        await using var lobbyOnly = await server.ConnectTcpAsync();
        var me = await page.NickAsync();
        await both.SendLineAsync("/join #rust");
        await both.WaitForLineContainingAsync("You joined #rust");

        await Expect(page.People).ToHaveCountAsync(3);
        await page.JoinRoomAsync("#rust");
        await Expect(page.Page.Locator("#people-label")).ToHaveTextAsync("In #rust");
        await Expect(page.People).ToHaveCountAsync(2);
        await Expect(page.People.First).ToContainTextAsync($"{me}(you)");
        await Expect(page.People.Filter(new() { HasText = both.Nick }).Locator(".badge")).ToHaveTextAsync("tcp");
        await Expect(page.People.Filter(new() { HasText = lobbyOnly.Nick })).ToHaveCountAsync(0);

        // Live from the room's joins and leaves, and from everyone's nickname changes.
        await lobbyOnly.SendLineAsync("/join #rust");
        await Expect(page.People).ToHaveCountAsync(3);
        await lobbyOnly.SendLineAsync("/nick rusty");
        await Expect(page.People.Filter(new() { HasText = "rusty" })).ToHaveCountAsync(1);
        await Expect(page.People.Filter(new() { HasText = lobbyOnly.Nick })).ToHaveCountAsync(0);
        await page.ExpectOneMessageAsync($"{lobbyOnly.Nick} is now known as rusty");
        await both.SendLineAsync("/part #rust");
        await Expect(page.People).ToHaveCountAsync(2);
        await Expect(page.People.Filter(new() { HasText = both.Nick })).ToHaveCountAsync(0);
        await page.ExpectOneMessageAsync($"{both.Nick} left");

        // The lobby's list is everyone online.
        await page.ShowAsync("#lobby");
        await Expect(page.Page.Locator("#people-label")).ToHaveTextAsync("Online");
        await Expect(page.People).ToHaveCountAsync(3);
        await Expect(page.People.Filter(new() { HasText = both.Nick })).ToHaveCountAsync(1);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task ARoomNameTheServerRefusesShowsWhyBesideTheControl()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);

        await page.JoinInput.FillAsync("#no spaces");
        await page.JoinInput.PressAsync("Enter");
        await Expect(page.JoinError).ToContainTextAsync("may only hold letters, digits, '-' and '_'");
        await Expect(page.JoinInput).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Rooms).ToHaveCountAsync(1);
        await Expect(page.Title).ToHaveTextAsync("#lobby");

        await page.JoinInput.FillAsync("#" + new string('x', 33));
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Expect(page.JoinError).ToContainTextAsync("at most 32");

        // Typing again clears it; the # may be left out.
        await page.JoinInput.FillAsync("rust");
        await Expect(page.JoinError).ToBeEmptyAsync();
        await page.JoinInput.PressAsync("Enter");
        await Expect(page.Title).ToHaveTextAsync("#rust");
        await Expect(page.JoinInput).ToHaveValueAsync("");
        await Expect(page.Composer).ToBeFocusedAsync();

        // /join in the message box works the same, and its error comes back into the box.
        await page.SendAsync("/join #bad!name");
        await Expect(page.ComposerError).ToContainTextAsync("may only hold letters");
        await Expect(page.Composer).ToHaveValueAsync("/join #bad!name");
        Assert.Empty(page.Errors);
    }
}
