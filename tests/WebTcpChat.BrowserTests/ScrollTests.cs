using Microsoft.Playwright;
using WebTcpChat.BrowserTests.Browser;
using WebTcpChat.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebTcpChat.BrowserTests;

/// <summary>Auto-scroll follows the conversation, but never yanks a reader who scrolled up.</summary>
public sealed class ScrollTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task AReaderWhoScrolledUpStaysPut_AndIsToldOfNewMessagesBelow()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server, new()
        {
            ViewportSize = new ViewportSize { Width = 900, Height = 480 },
        });
        await using var tcp = await server.ConnectTcpAsync();

        // At the bottom, the view follows new messages.
        for (var i = 1; i <= 40; i++)
        {
            await tcp.SendLineAsync($"line {i:00}");
        }

        var last = await page.ExpectOneMessageAsync("line 40");
        await Expect(last).ToBeInViewportAsync();
        await Expect(page.NewBelow).ToBeHiddenAsync();

        // Scrolled up to read, new messages do not move the view; a button says they are there.
        await page.Scroller.EvaluateAsync("scroller => { scroller.scrollTop = 0; }");
        var first = page.MessageWithText("line 01");
        await Expect(first).ToBeInViewportAsync();
        for (var i = 1; i <= 3; i++)
        {
            await tcp.SendLineAsync($"while you read {i}");
        }

        var newest = await page.ExpectOneMessageAsync("while you read 3");
        await Expect(page.NewBelow).ToBeVisibleAsync();
        await Expect(page.NewBelow).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("3 new messages below"));
        await Expect(first).ToBeInViewportAsync();
        await Expect(newest).Not.ToBeInViewportAsync();

        // The button (a real button: Enter works) brings the newest into view and goes away.
        await page.NewBelow.FocusAsync();
        await page.Page.Keyboard.PressAsync("Enter");
        await Expect(newest).ToBeInViewportAsync();
        await Expect(page.NewBelow).ToBeHiddenAsync();

        // Your own line always comes into view: you just said it.
        await page.Scroller.EvaluateAsync("scroller => { scroller.scrollTop = 0; }");
        await Expect(first).ToBeInViewportAsync();
        await page.SendAsync("my own line");
        await Expect(await page.ExpectOneMessageAsync("my own line")).ToBeInViewportAsync();
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task ScrollingToTheTopLoadsOlderMessagesAboveWithoutMovingTheReader_UntilTheStartOfTheChat()
    {
        await using var server = ChatServer.Start();
        await using (var tcp = await server.ConnectTcpAsync())
        await using (var witness = await server.ConnectWebAsync())
        {
            for (var i = 1; i <= 70; i++)
            {
                await tcp.SendLineAsync($"old line {i:00}");
            }

            await witness.WaitForTextAsync("old line 70");
        }

        await using var page = await ChatPage.OpenAsync(chromium.Browser, server, new()
        {
            ViewportSize = new ViewportSize { Width = 900, Height = 480 },
        });
        await page.ExpectOneMessageAsync("old line 70");
        await Expect(page.MessageWithText("old line 30")).ToHaveCountAsync(0);
        var older = page.OlderButton;

        await Expect(older).ToBeVisibleAsync();
        var reading = page.Messages.First;
        var readingId = await reading.GetAttributeAsync("data-id");

        // The reader scrolls to the top: the next page comes by itself, and the reader stays put.
        await page.Scroller.EvaluateAsync("scroller => { scroller.scrollTop = 0; }");
        await page.ExpectOneMessageAsync("old line 30");
        await Expect(page.Messages.First).Not.ToHaveAttributeAsync("data-id", readingId!);
        await Expect(page.Page.Locator($"#messages li[data-id='{readingId}']")).ToBeInViewportAsync();

        // The button does the same for whoever cannot scroll.
        await page.PressOlderAsync();
        await Expect(page.Page.Locator("#older-status")).ToHaveTextAsync("This is the start of the chat.");
        await Expect(older).ToBeHiddenAsync();
        for (var i = 1; i <= 70; i++)
        {
            await Expect(page.MessageWithText($"old line {i:00}")).ToHaveCountAsync(1);
        }

        var ids = await page.MessageIdsAsync();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task ALongChatKeepsAtMost1500MessagesOnThePage_AndTheDroppedOnesComeBackOnDemand()
    {
        const int Lines = 1510;
        // A roomy send queue: this test is about the page, not about dropping a reader who lags.
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:SendQueueBytes"] = "8388608" });
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();

        for (var i = 1; i <= Lines; i++)
        {
            await tcp.SendLineAsync($"busy {i:0000}");
        }

        await page.ExpectOneMessageAsync($"busy {Lines:0000}");
        await Expect(page.Messages).ToHaveCountAsync(1500);
        await Expect(page.MessageWithText("busy 0001")).ToHaveCountAsync(0);

        await page.PressOlderAsync();
        await Expect(page.MessageWithText("busy 0001")).ToHaveCountAsync(1);
        var ids = await page.MessageIdsAsync();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
    }
}
