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
}
