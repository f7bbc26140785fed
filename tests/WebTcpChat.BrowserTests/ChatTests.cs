using System.Text.RegularExpressions;
using WebTcpChat.BrowserTests.Browser;
using WebTcpChat.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebTcpChat.BrowserTests;

/// <summary>Two people in browsers and one on a raw socket, chatting through the real page.</summary>
public sealed class ChatTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task TwoPagesAndATcpClientChatInEveryDirection()
    {
        await using var server = ChatServer.Start();
        await using var alice = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var bob = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();
        var aliceNick = await alice.NickAsync();
        var bobNick = await bob.NickAsync();

        await alice.SendAsync("hello from alice 안녕하세요");
        await tcp.WaitForLineContainingAsync($"<{aliceNick}> hello from alice 안녕하세요");
        var onBob = await bob.ExpectOneMessageAsync("hello from alice 안녕하세요");
        await Expect(onBob).Not.ToHaveClassAsync(new Regex("msg--own"));
        await Expect(onBob.Locator(".badge")).ToHaveTextAsync("web");
        var onAlice = await alice.ExpectOneMessageAsync("hello from alice 안녕하세요");
        await Expect(onAlice).ToHaveClassAsync(new Regex("msg--own"));

        await bob.SendAsync("hello from bob");
        await tcp.WaitForLineContainingAsync($"<{bobNick}> hello from bob");
        await alice.ExpectOneMessageAsync("hello from bob");
        await bob.ExpectOneMessageAsync("hello from bob");

        await tcp.SendLineAsync("hello from a terminal");
        foreach (var page in new[] { alice, bob })
        {
            var line = await page.ExpectOneMessageAsync("hello from a terminal");
            await Expect(line.Locator(".badge")).ToHaveTextAsync("tcp");
            await Expect(line.Locator(".msg__nick")).ToHaveTextAsync(tcp.Nick);
        }

        Assert.Empty(alice.Errors);
        Assert.Empty(bob.Errors);
    }

    [Fact]
    public async Task MarkupFromATcpUserShowsAsLiteralText_AndNoDialogOpens()
    {
        const string Xss = "<img src=x onerror=alert(1)>";
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        var requested = new List<string>();
        page.Page.Request += (_, request) => requested.Add(request.Url);
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync(Xss);
        await tcp.SendLineAsync("<script>alert(2)</script><b>not bold</b>");
        await tcp.SendLineAsync("/me <svg onload=alert(3)>");
        await tcp.SendLineAsync("after the markup");

        await page.ExpectOneMessageAsync("after the markup");
        await Expect(page.MessageWithText(Xss)).ToHaveCountAsync(1);
        await Expect(page.MessageWithText("<script>alert(2)</script><b>not bold</b>")).ToHaveCountAsync(1);
        await Expect(page.MessageWithText("<svg onload=alert(3)>")).ToHaveCountAsync(1);
        var messages = page.Page.Locator("#messages");
        await Expect(messages.Locator("img, script, b, svg")).ToHaveCountAsync(0);
        Assert.Empty(page.Dialogs);
        Assert.DoesNotContain(requested, url => url.EndsWith("/x", StringComparison.Ordinal));
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task OnlyHttpAndHttpsAddressesBecomeLinks_AndTheyOpenWithoutReferrerOrOpener()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync("docs: https://example.com/a?b=1&c=2, and (http://example.org/x).");
        await tcp.SendLineAsync("javascript:alert(1) data:text/html,<b>x</b> ftp://example.com/file");

        var links = (await page.ExpectOneMessageAsync("docs:")).Locator("a");
        await Expect(links).ToHaveCountAsync(2);
        await Expect(links.Nth(0)).ToHaveAttributeAsync("href", "https://example.com/a?b=1&c=2");
        await Expect(links.Nth(0)).ToHaveTextAsync("https://example.com/a?b=1&c=2");
        await Expect(links.Nth(1)).ToHaveAttributeAsync("href", "http://example.org/x");
        foreach (var link in await links.AllAsync())
        {
            await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");
            await Expect(link).ToHaveAttributeAsync("target", "_blank");
        }

        var other = await page.ExpectOneMessageAsync("javascript:alert(1)");
        await Expect(other.Locator("a")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task NicknameChangesShowEverywhere_AndErrorsShowNextToTheControl()
    {
        await using var server = ChatServer.Start();
        await using var alice = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var bob = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();
        var guest = await alice.NickAsync();

        await alice.NickInput.FillAsync("alice");
        await alice.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Change" }).ClickAsync();

        await tcp.WaitForLineContainingAsync($"{guest} is now known as alice");
        var onBob = await bob.ExpectOneMessageAsync($"{guest} is now known as alice");
        await Expect(onBob).ToHaveClassAsync(new Regex("msg--nick"));
        await Expect(bob.People.Filter(new() { HasText = "alice" })).ToHaveCountAsync(1);
        await Expect(bob.People.Filter(new() { HasText = guest })).ToHaveCountAsync(0);
        await Expect(alice.NickInput).ToHaveValueAsync("alice");
        await Expect(alice.NickError).ToBeEmptyAsync();

        // Taken (compared case-insensitively): the reason shows beside the control, nothing changes.
        await bob.NickInput.FillAsync("ALICE");
        await bob.NickInput.PressAsync("Enter");
        await Expect(bob.NickError).ToContainTextAsync("taken");
        await Expect(bob.NickInput).ToHaveAttributeAsync("aria-invalid", "true");

        await bob.NickInput.FillAsync("two words");
        await bob.NickInput.PressAsync("Enter");
        await Expect(bob.NickError).ToContainTextAsync("space");

        // Typing again clears the error; a good name goes through.
        await bob.NickInput.FillAsync("bob");
        await Expect(bob.NickError).ToBeEmptyAsync();
        await bob.NickInput.PressAsync("Enter");
        await alice.ExpectOneMessageAsync("is now known as bob");

        // A TCP user's /nick shows too, and the people list follows.
        await tcp.SendLineAsync("/nick terminal_tom");
        await alice.ExpectOneMessageAsync("is now known as terminal_tom");
        await Expect(alice.People).ToHaveCountAsync(3);
        await Expect(alice.People.Filter(new() { HasText = "terminal_tom" }).Locator(".badge")).ToHaveTextAsync("tcp");
    }

    [Fact]
    public async Task ThePeopleListShowsBothKindsLive()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        var me = await page.NickAsync();
        await Expect(page.People).ToHaveCountAsync(1);
        await Expect(page.People.First).ToContainTextAsync(me);
        await Expect(page.People.First).ToContainTextAsync("(you)");

        var tcp = await server.ConnectTcpAsync();
        await using (var other = await ChatPage.OpenAsync(chromium.Browser, server))
        {
            await Expect(page.People).ToHaveCountAsync(3);
            await Expect(page.People.Filter(new() { HasText = tcp.Nick }).Locator(".badge")).ToHaveTextAsync("tcp");
            await Expect(page.People.Filter(new() { HasText = await other.NickAsync() }).Locator(".badge")).ToHaveTextAsync("web");
            await Expect(page.Page.Locator("#people-count")).ToHaveTextAsync("3");
        }

        await tcp.DisposeAsync();
        await Expect(page.People).ToHaveCountAsync(1);
        var leave = await page.ExpectOneMessageAsync($"{tcp.Nick} left");
        await Expect(leave).ToHaveClassAsync(new Regex("msg--leave"));
    }

    [Fact]
    public async Task CommandRepliesAndErrorsAreShownToTheirSenderOnly()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var other = await ChatPage.OpenAsync(chromium.Browser, server);

        await page.SendAsync("/who");
        await Expect(page.Page.Locator("#messages .msg--notice")).ToContainTextAsync("2 in #lobby");

        await page.SendAsync("/frobnicate");
        await Expect(page.ComposerError).ToContainTextAsync("Unknown command /frobnicate");
        await Expect(page.Composer).ToHaveValueAsync("/frobnicate"); // given back, to fix or delete

        await page.Composer.FillAsync("/me looks around");
        await page.Composer.PressAsync("Enter");
        var action = await other.ExpectOneMessageAsync("looks around");
        await Expect(action).ToHaveClassAsync(new Regex("msg--action"));
        await Expect(other.Page.Locator("#messages .msg--notice")).ToHaveCountAsync(0);
        await Expect(page.ComposerError).ToBeEmptyAsync();
    }

    [Fact]
    public async Task TheContentSecurityPolicyStopsInlineScript_AndThePageBreaksNoneOfIt()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);

        var ran = await page.Page.EvaluateAsync<bool>(
            """
            () => {
              const script = document.createElement("script");
              script.textContent = "window.inlineRan = true";
              document.body.append(script);
              const div = document.createElement("div");
              div.setAttribute("onclick", "window.handlerRan = true");
              document.body.append(div);
              div.click();
              return window.inlineRan === true || window.handlerRan === true;
            }
            """);

        Assert.False(ran);
        Assert.Contains(page.Errors, error => error.Contains("Content Security Policy", StringComparison.Ordinal));
        page.Errors.Clear();
        await page.SendAsync("still working");
        await page.ExpectOneMessageAsync("still working");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task AfterQuitThePageStaysAway_UntilAskedToJoinAgain()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();

        await page.SendAsync("/quit off for lunch");

        await tcp.WaitForLineContainingAsync("left #lobby (Quit: off for lunch)");
        await Expect(page.ConnectionState).ToHaveAttributeAsync("data-state", "left");
        await Expect(page.ConnectionState).ToContainTextAsync("You left the chat");
        var joinAgain = page.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Join again" });
        await joinAgain.ClickAsync();

        await page.WaitUntilConnectedAsync();
        await tcp.WaitForLineContainingAsync("joined #lobby (web)");
        await page.SendAsync("back from lunch");
        await tcp.WaitForLineContainingAsync("back from lunch");
    }
}
