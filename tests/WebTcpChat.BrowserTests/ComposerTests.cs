using Microsoft.Playwright;
using WebTcpChat.BrowserTests.Browser;
using WebTcpChat.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebTcpChat.BrowserTests;

/// <summary>The message box: Enter and IME compositions, several lines at once, the keyboard alone.</summary>
public sealed class ComposerTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task EnterDuringAnImeCompositionDoesNotSend_AndTheFinishedLineIsSentOnce()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();
        var nick = await page.NickAsync();
        await page.Composer.FocusAsync();
        await page.Page.Keyboard.TypeAsync("I said: ");

        // Chromium's own IME path, as a Korean input method drives it: the syllable being composed...
        var cdp = await page.Page.Context.NewCDPSessionAsync(page.Page);
        await Compose(cdp, "안");
        await Compose(cdp, "안녕");

        // ...and an Enter while it is open: once as Windows IMEs send it (keyCode 229), once as
        // macOS sends it (Enter, with isComposing set). Neither may send the half-typed line.
        await cdp.SendAsync("Input.dispatchKeyEvent", Key("rawKeyDown", 229));
        await cdp.SendAsync("Input.dispatchKeyEvent", Key("keyUp", 229));
        await cdp.SendAsync("Input.dispatchKeyEvent", Key("rawKeyDown", 13));
        await cdp.SendAsync("Input.dispatchKeyEvent", Key("keyUp", 13));
        await Expect(page.Composer).ToHaveValueAsync("I said: 안녕");

        // The composition ends with the finished syllables; now Enter sends, once.
        await Compose(cdp, "안녕하세요");
        await cdp.SendAsync("Input.insertText", new Dictionary<string, object> { ["text"] = "안녕하세요" });
        await Expect(page.Composer).ToHaveValueAsync("I said: 안녕하세요");
        await page.Composer.PressAsync("Enter");

        var line = await tcp.WaitForLineContainingAsync("I said");
        Assert.EndsWith($"<{nick}> I said: 안녕하세요", line, StringComparison.Ordinal);
        await page.ExpectOneMessageAsync("I said: 안녕하세요");
        await Expect(page.Messages.Filter(new() { HasText = "I said" })).ToHaveCountAsync(1);
        await Expect(page.Composer).ToHaveValueAsync("");
    }

    [Fact]
    public async Task AMultiLinePasteIsSentAsOneMessagePerLine_AfterTheHintSaysSo()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();

        await PasteAsync(page, "first line\r\nsecond line\n\nthird line\n");

        await Expect(page.Composer).ToHaveValueAsync("first line\nsecond line\n\nthird line");
        await Expect(page.ComposerHint).ToHaveTextAsync("3 lines: Enter sends them as 3 messages, in order.");
        await page.Composer.PressAsync("Enter");

        await tcp.WaitForLineContainingAsync("first line");
        Assert.Contains("second line", await tcp.ReadLineAsync(), StringComparison.Ordinal);
        Assert.Contains("third line", await tcp.ReadLineAsync(), StringComparison.Ordinal);
        await page.ExpectOneMessageAsync("third line");
        await Expect(page.Composer).ToHaveValueAsync("");
        await Expect(page.ComposerHint).ToBeEmptyAsync();
    }

    [Fact]
    public async Task APasteOfTooManyLinesIsRefusedWithAMessage_AndNothingIsSent()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();
        var lines = string.Join('\n', Enumerable.Range(1, 25).Select(i => $"pasted {i}"));

        await PasteAsync(page, lines);
        await Expect(page.ComposerHint).ToContainTextAsync("25 lines: too many to send at once (at most 20)");
        await page.Composer.PressAsync("Enter");

        await Expect(page.ComposerError).ToContainTextAsync("Not sent: 25 lines");
        await Expect(page.Composer).ToHaveValueAsync(lines);

        // The chat goes on; none of the pasted lines went out before this one.
        await page.Composer.FillAsync("a single line");
        await page.Composer.PressAsync("Enter");
        var line = await tcp.WaitForLineContainingAsync("a single line");
        Assert.DoesNotContain(tcp.Received, l => l.Contains("pasted", StringComparison.Ordinal));
        Assert.Contains("a single line", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShiftEnterStartsANewLineInsteadOfSending()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);

        await page.Composer.PressSequentiallyAsync("one");
        await page.Composer.PressAsync("Shift+Enter");
        await page.Composer.PressSequentiallyAsync("two");

        await Expect(page.Composer).ToHaveValueAsync("one\ntwo");
        await Expect(page.ComposerHint).ToHaveTextAsync("2 lines: Enter sends them as 2 messages, in order.");
        await page.Composer.PressAsync("Enter");
        await page.ExpectOneMessageAsync("one");
        await page.ExpectOneMessageAsync("two");
    }

    [Fact]
    public async Task TheKeyboardAloneReachesAndWorksEveryControl()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();

        // The message box has the focus on load: typing just works.
        await Expect(page.Composer).ToBeFocusedAsync();
        await page.Page.Keyboard.TypeAsync("typed without a mouse");
        await page.Page.Keyboard.PressAsync("Enter");
        await tcp.WaitForLineContainingAsync("typed without a mouse");

        // Tab order: nickname, its button, the messages (scrollable by arrow keys), the box, Send.
        await TabUntilFocusedAsync(page, page.NickInput);
        await page.Page.Keyboard.PressAsync("Control+A");
        await page.Page.Keyboard.TypeAsync("keys_only");
        await page.Page.Keyboard.PressAsync("Enter");
        await Expect(page.NickInput).ToHaveValueAsync("keys_only");
        await tcp.WaitForLineContainingAsync("is now known as keys_only");

        // Before the nickname, first on the page: the skip link, and it leads to the message box.
        await page.Page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = "Skip to the message box" })).ToBeFocusedAsync();
        await page.Page.Keyboard.PressAsync("Enter");
        await Expect(page.Composer).ToBeFocusedAsync();

        await TabUntilFocusedAsync(page, page.NickInput);
        await TabUntilFocusedAsync(page, page.Scroller);
        await TabUntilFocusedAsync(page, page.Composer);
        await page.Page.Keyboard.TypeAsync("sent with the button");
        await page.Page.Keyboard.PressAsync("Tab");
        await Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeFocusedAsync();
        await page.Page.Keyboard.PressAsync("Enter");
        await tcp.WaitForLineContainingAsync("<keys_only> sent with the button");
    }

    [Fact]
    public async Task IncomingMessagesAreAnnouncedInALiveRegion()
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync("read this out");

        var region = page.Page.Locator("#announcer");
        await Expect(region).ToHaveAttributeAsync("aria-live", "polite");
        await Expect(region).ToContainTextAsync($"{tcp.Nick}: read this out");
        await Expect(page.Composer).ToHaveAccessibleNameAsync("Message");
        await Expect(page.NickInput).ToHaveAccessibleNameAsync("Your nickname");
    }

    private static async Task TabUntilFocusedAsync(ChatPage page, ILocator target)
    {
        for (var presses = 0; presses < 20; presses++)
        {
            await page.Page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {target}.");
    }

    // A paste as the browser delivers it: a paste event carrying the clipboard's text.
    private static async Task PasteAsync(ChatPage page, string text) =>
        await page.Composer.EvaluateAsync(
            """
            (box, text) => {
              box.focus();
              const data = new DataTransfer();
              data.setData("text/plain", text);
              box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """,
            text);

    private static async Task Compose(ICDPSession cdp, string text) =>
        await cdp.SendAsync("Input.imeSetComposition", new Dictionary<string, object>
        {
            ["text"] = text,
            ["selectionStart"] = text.Length,
            ["selectionEnd"] = text.Length,
        });

    private static Dictionary<string, object> Key(string type, int keyCode) => new()
    {
        ["type"] = type,
        ["key"] = "Enter",
        ["code"] = "Enter",
        ["windowsVirtualKeyCode"] = keyCode,
        ["nativeVirtualKeyCode"] = keyCode,
    };
}
