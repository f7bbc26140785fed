using Microsoft.Playwright;
using WebTcpChat.BrowserTests.Browser;
using WebTcpChat.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebTcpChat.BrowserTests;

/// <summary>Private conversations: each in its own tab, both ways with a terminal, seen by no one else.</summary>
public sealed class PrivateTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task APrivateConversationWithATerminalHasItsOwnTab_AndNoOtherPageSeesIt()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var third = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();
        var nick = await page.NickAsync();

        // A private message opens a conversation beside the rooms, counted unread; the lobby stays shown.
        await tcp.SendLineAsync($"/msg {nick} psst, just between us");
        await Expect(page.UnreadOf(tcp.Nick)).ToHaveTextAsync("1");
        await Expect(page.Privates).ToHaveCountAsync(1);
        await Expect(page.Title).ToHaveTextAsync("#lobby");
        await Expect(page.MessageWithText("psst, just between us")).ToHaveCountAsync(0);
        await Expect(page.Page.Locator("#announcer")).ToContainTextAsync($"Private, {tcp.Nick}: psst, just between us");

        await page.ShowAsync(tcp.Nick);
        var received = await page.ExpectOneMessageAsync("psst, just between us");
        await Expect(received.Locator(".msg__nick")).ToHaveTextAsync(tcp.Nick);
        await Expect(page.Page.Locator("#room-info")).ToContainTextAsync($"only you and {tcp.Nick}");

        // Typed in the tab, a line goes to that person alone.
        await page.SendAsync("hi, terminal");
        await tcp.WaitForLineContainingAsync($"*{nick}* (private) hi, terminal");
        var sent = await page.ExpectOneMessageAsync("hi, terminal");
        await Expect(sent).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("msg--own"));
        await page.SendAsync("//slashes stay text");
        await tcp.WaitForLineContainingAsync($"*{nick}* (private) /slashes stay text");

        // Nobody else saw any of it, anywhere on their page.
        await third.SendAsync("a line for everyone");
        await page.ShowAsync("#lobby");
        await page.ExpectOneMessageAsync("a line for everyone");
        await Expect(third.Privates).ToHaveCountAsync(0);
        await Expect(third.AllMessages.Filter(new() { HasText = "just between us" })).ToHaveCountAsync(0);
        await Expect(third.AllMessages.Filter(new() { HasText = "hi, terminal" })).ToHaveCountAsync(0);
        await Expect(page.AllMessages.Filter(new() { HasText = "hi, terminal" })).ToHaveCountAsync(1);

        // Closing the tab is for this page only; the next message opens it again.
        await page.ShowAsync(tcp.Nick);
        await page.LeaveButton.ClickAsync();
        await Expect(page.Privates).ToHaveCountAsync(0);
        await tcp.SendLineAsync($"/msg {nick} still there?");
        await Expect(page.UnreadOf(tcp.Nick)).ToHaveTextAsync("1");
        Assert.Empty(page.Errors);
        Assert.Empty(third.Errors);
    }

    [Fact]
    public async Task ChoosingAPersonOffersAPrivateMessage_AndTheTabFollowsTheirNewNickname()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();
        var nick = await page.NickAsync();

        var person = page.People.Filter(new() { HasText = tcp.Nick }).Locator("button.person");
        await person.ClickAsync();
        await Expect(person).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = $"Send {tcp.Nick} a private message" }).ClickAsync();

        await Expect(page.Title).ToHaveTextAsync(tcp.Nick);
        await Expect(page.Composer).ToBeFocusedAsync();
        await Expect(page.Composer).ToHaveAttributeAsync("placeholder", $"Message {tcp.Nick} privately");
        await page.Page.Keyboard.TypeAsync("found you in the list");
        await page.Page.Keyboard.PressAsync("Enter");
        await tcp.WaitForLineContainingAsync($"*{nick}* (private) found you in the list");

        await tcp.SendLineAsync("/nick terminal_tom");
        await Expect(page.Title).ToHaveTextAsync("terminal_tom");
        await tcp.SendLineAsync($"/msg {nick} same tab, new name");
        await page.ExpectOneMessageAsync("same tab, new name");
        await Expect(page.Privates).ToHaveCountAsync(1);

        // /msg typed in a room opens the conversation; someone not online is an error beside the box.
        await page.ShowAsync("#lobby");
        await page.SendAsync("/msg nobody_here hello?");
        await Expect(page.ComposerError).ToContainTextAsync("No one called nobody_here is online");
        Assert.Empty(page.Errors);
    }
}
