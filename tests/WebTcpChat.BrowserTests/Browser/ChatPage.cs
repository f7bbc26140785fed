using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WebTcpChat.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebTcpChat.BrowserTests.Browser;

/// <summary>
/// The chat page in its own browser context (its own storage, like a separate person), with the
/// page's console errors, script errors and dialogs recorded for the test to check.
/// </summary>
public sealed class ChatPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private ChatPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => Errors.Add(error);
        page.Dialog += (_, dialog) =>
        {
            Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync(); // a dialog would block the page; the test fails on Dialogs anyway
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors (CSP violations among them) and uncaught script errors.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Every alert, confirm or prompt the page opened.</summary>
    public List<string> Dialogs { get; } = [];

    public ILocator Composer => Page.GetByLabel("Message", new() { Exact = true });

    public ILocator ComposerHint => Page.Locator("#composer-hint");

    public ILocator ComposerError => Page.Locator("#composer-error");

    public ILocator NickInput => Page.GetByLabel("Your nickname");

    public ILocator NickError => Page.Locator("#nick-error");

    public ILocator ConnectionState => Page.Locator("#connection-state");

    public ILocator Scroller => Page.Locator("#scroller");

    public ILocator NewBelow => Page.Locator("#new-below");

    public ILocator OlderButton => Page.GetByRole(AriaRole.Button, new() { Name = "Show older messages" });

    /// <summary>
    /// Presses "Show older messages" where it is. A real click would first scroll the button into
    /// view, which is the top of the timeline, which loads older messages by itself and races the click.
    /// </summary>
    public async Task PressOlderAsync()
    {
        await Expect(OlderButton).ToBeVisibleAsync();
        await OlderButton.DispatchEventAsync("click");
    }

    /// <summary>Chat events shown, in the conversation shown (not notices or dividers).</summary>
    public ILocator Messages => Page.Locator("#messages li.msg[data-id]");

    /// <summary>Chat events in every conversation's list, shown or not.</summary>
    public ILocator AllMessages => Page.Locator("#scroller ol.messages li.msg[data-id]");

    /// <summary>The heading of the conversation shown: a room's name, or the other person's nickname.</summary>
    public ILocator Title => Page.Locator("#room-title");

    /// <summary>The rooms listed (the default room first).</summary>
    public ILocator Rooms => Page.Locator("#room-list li");

    /// <summary>The private conversations listed.</summary>
    public ILocator Privates => Page.Locator("#private-list li");

    public ILocator JoinInput => Page.GetByLabel("Join or start a room");

    public ILocator JoinError => Page.Locator("#join-error");

    public ILocator LeaveButton => Page.Locator("#room-leave");

    /// <summary>A room or private conversation in the list, by its name exactly.</summary>
    public ILocator Entry(string name) =>
        Page.Locator("#rooms li.conv").Filter(new()
        {
            Has = Page.Locator(".conv__name").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(name)}$") }),
        });

    /// <summary>How many messages a conversation in the list has unseen (hidden when none).</summary>
    public ILocator UnreadOf(string name) => Entry(name).Locator(".conv__unread");

    public ILocator People => Page.Locator("#people-list li");

    public static async Task<ChatPage> OpenAsync(
        IBrowser browser, ChatServer server, BrowserNewContextOptions? options = null, Uri? address = null)
    {
        options ??= new BrowserNewContextOptions();
        options.Locale ??= "en-US";
        options.TimezoneId ??= "UTC";
        options.ViewportSize ??= new ViewportSize { Width = 1000, Height = 640 };
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout((float)Timeouts.Event.TotalMilliseconds);
        var page = new ChatPage(context, await context.NewPageAsync());
        await page.Page.GotoAsync((address ?? server.HttpAddress).ToString());
        await page.WaitUntilConnectedAsync();
        return page;
    }

    public async Task WaitUntilConnectedAsync()
    {
        await Expect(ConnectionState).ToHaveAttributeAsync("data-state", "connected");
        await Expect(NickInput).Not.ToHaveValueAsync("");
    }

    /// <summary>The nickname the page shows as yours.</summary>
    public Task<string> NickAsync() => NickInput.InputValueAsync();

    /// <summary>Types a line into the message box and presses Enter, as a person would.</summary>
    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
    }

    /// <summary>Joins a room with the form beside the list, as a person would, and waits until it is shown.</summary>
    /// <summary>Changes the nickname with the control on the page.</summary>
    public async Task SetNickAsync(string nick)
    {
        await NickInput.FillAsync(nick);
        await NickInput.PressAsync("Enter");
        await Expect(NickInput).ToHaveValueAsync(nick);
    }

    public async Task JoinRoomAsync(string name)
    {
        await JoinInput.FillAsync(name);
        await JoinInput.PressAsync("Enter");
        await Expect(Title).ToHaveTextAsync(name);
        await Expect(Entry(name)).ToHaveAttributeAsync("data-state", "joined");
    }

    /// <summary>Shows a conversation by choosing it in the list.</summary>
    public async Task ShowAsync(string name)
    {
        await Entry(name).Locator(".conv__show").ClickAsync();
        await Expect(Title).ToHaveTextAsync(name);
    }

    /// <summary>Chat events whose text (after badge and nick) reads exactly so.</summary>
    public ILocator MessageWithText(string text) =>
        Messages.Filter(new()
        {
            Has = Page.Locator(".msg__text").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(text)}$") }),
        });

    /// <summary>Waits until exactly one message contains the text; returns it.</summary>
    public async Task<ILocator> ExpectOneMessageAsync(string text)
    {
        var match = Messages.Filter(new() { HasText = text });
        await Expect(match).ToHaveCountAsync(1);
        return match;
    }

    public async Task<List<long>> MessageIdsAsync() =>
        [.. (await Messages.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.id)"))
            .Select(id => long.Parse(id, CultureInfo.InvariantCulture))];

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
