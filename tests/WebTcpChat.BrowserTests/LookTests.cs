using Microsoft.Playwright;
using WebTcpChat.BrowserTests.Browser;
using WebTcpChat.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebTcpChat.BrowserTests;

/// <summary>How the page looks and fits: a busy chat, a phone, the dark scheme.</summary>
public sealed class LookTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task ABusyChatIsReadable_AndItsScreenshotIsSaved()
    {
        await using var server = ChatServer.Start();
        await using var tcp = await server.ConnectTcpAsync();
        await tcp.SendLineAsync("/nick minsu");
        await tcp.WaitForLineContainingAsync("is now known as minsu");
        await using var other = await ChatPage.OpenAsync(chromium.Browser, server);
        await other.SetNickAsync("grace");
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await page.SetNickAsync("ada");
        await tcp.WaitForLineContainingAsync("is now known as ada");

        await tcp.SendLineAsync("안녕하세요! Hello from a terminal 👋");
        await other.SendAsync("Hi minsu, greetings from the browser");
        await page.SendAsync("/me waves to everyone");
        await tcp.SendLineAsync("<img src=x onerror=alert(1)> stays text, as it should");
        await other.SendAsync("Docs are at https://learn.microsoft.com/aspnet/core/signalr/introduction.");
        await page.SendAsync("Shipping the page today 🚀");
        await tcp.SendLineAsync("/me 박수를 칩니다");
        await tcp.WaitForLineContainingAsync("Shipping the page today");
        await using var late = await server.ConnectTcpAsync();
        await late.SendLineAsync("/quit gotta go");
        await page.ExpectOneMessageAsync("gotta go");
        await page.ExpectOneMessageAsync("박수를 칩니다");
        await Expect(page.People).ToHaveCountAsync(3); // the hub sends the list at most once a second
        await Expect(page.People.First).ToContainTextAsync("ada(you)");

        await page.Page.ScreenshotAsync(new() { Path = Artifacts.PathFor("busy-chat.png") });
        await page.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.Page.ScreenshotAsync(new() { Path = Artifacts.PathFor("busy-chat-dark.png") });
        Assert.Empty(page.Errors);
        Assert.Empty(page.Dialogs);
    }

    [Fact]
    public async Task RoomsAndAPrivateConversationAreEasyToTellApart_AndTheirScreenshotIsSaved()
    {
        await using var server = ChatServer.Start();
        await using var minsu = await server.ConnectTcpAsync();
        await minsu.SendLineAsync("/nick minsu");
        await minsu.WaitForLineContainingAsync("is now known as minsu");
        await using var linus = await server.ConnectTcpAsync();
        await linus.SendLineAsync("/nick linus");
        await linus.SendLineAsync("/join #rust");
        await linus.WaitForLineContainingAsync("You joined #rust");
        await using var grace = await ChatPage.OpenAsync(chromium.Browser, server);
        await grace.SetNickAsync("grace");
        await grace.JoinRoomAsync("#rust");
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server);
        await page.SetNickAsync("ada");

        await page.JoinRoomAsync("#한국어방");
        await minsu.SendLineAsync("/join #한국어방");
        await minsu.SendLineAsync("어서 오세요! 여기는 한국어 방입니다 🙂");
        await page.ExpectOneMessageAsync("어서 오세요!");
        await page.JoinRoomAsync("#rust");
        await linus.SendLineAsync("Borrow checker says no, again.");
        await grace.SendAsync("/me hands linus a lifetime annotation");
        await page.SendAsync("Shipping rooms on the page today 🚀");
        await linus.SendLineAsync("Docs: https://doc.rust-lang.org/book/ch10-03-lifetime-syntax.html");
        await page.ExpectOneMessageAsync("Docs:");
        await minsu.SendLineAsync("/join #lobby");
        await minsu.SendLineAsync("Lunch at noon, anyone?");
        await minsu.SendLineAsync("/msg ada 점심 같이 할래요?");
        await Expect(page.UnreadOf("minsu")).ToHaveTextAsync("1");
        await Expect(page.UnreadOf("#lobby")).ToHaveTextAsync("1");
        await Expect(page.People).ToHaveCountAsync(3);

        await page.Page.ScreenshotAsync(new() { Path = Artifacts.PathFor("rooms.png") });
        await page.ShowAsync("minsu");
        await page.SendAsync("좋아요, 12시에 봐요!");
        await page.ExpectOneMessageAsync("좋아요");
        await page.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.Page.ScreenshotAsync(new() { Path = Artifacts.PathFor("rooms-private-dark.png") });
        Assert.Empty(page.Errors);
        Assert.Empty(page.Dialogs);
    }

    [Fact]
    public async Task ThePageFitsAPhonesWidth()
    {
        await using var server = ChatServer.Start();
        await using var tcp = await server.ConnectTcpAsync();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server, new()
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            IsMobile = true,
            HasTouch = true,
        });
        await tcp.SendLineAsync("A rather long line from a terminal that has to wrap on a small screen: " +
            "https://example.com/a/very/long/path/that/does/not/have/any/spaces/in/it/at/all/whatsoever");
        await page.ExpectOneMessageAsync("rather long line");

        var overflow = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the phone's screen.");
        await Expect(page.Composer).ToBeInViewportAsync();
        await Expect(page.NickInput).ToBeInViewportAsync();
        await Expect(page.Page.Locator("#connection-state")).ToBeInViewportAsync();

        // The people online fold away behind their count, and open on demand.
        var toggle = page.Page.Locator("#people-toggle");
        await Expect(page.People.First).ToBeHiddenAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.People.Filter(new() { HasText = tcp.Nick })).ToBeVisibleAsync();

        await page.Page.ScreenshotAsync(new() { Path = Artifacts.PathFor("phone.png") });

        // The rooms are in a drawer, opened from the room's heading; joining one closes it.
        var rooms = page.Page.GetByRole(AriaRole.Button, new() { Name = "Rooms and conversations" });
        await Expect(page.JoinInput).Not.ToBeVisibleAsync();
        await rooms.ClickAsync();
        await Expect(rooms).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.JoinInput).ToBeInViewportAsync();
        await Expect(page.Page.Locator("#rooms")).ToHaveCSSAsync("transform", "none"); // slid all the way in
        await page.Page.ScreenshotAsync(new() { Path = Artifacts.PathFor("phone-rooms.png") });
        await page.JoinRoomAsync("#rust");
        await Expect(rooms).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(page.JoinInput).Not.ToBeVisibleAsync();
        await Expect(page.Composer).ToBeFocusedAsync();

        // A message in the room not shown counts on the drawer's button; Escape closes the drawer.
        await tcp.SendLineAsync("back in the lobby");
        await Expect(page.Page.Locator("#rooms-unread")).ToHaveTextAsync("1");
        await rooms.ClickAsync();
        await Expect(page.Entry("#rust").Locator(".conv__show")).ToBeFocusedAsync(); // the room shown
        await page.Page.Keyboard.PressAsync("Escape");
        await Expect(rooms).ToBeFocusedAsync();
        await Expect(page.JoinInput).Not.ToBeVisibleAsync();
        overflow = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the phone's screen.");
        Assert.Empty(page.Errors);
    }

    [Theory]
    [InlineData(ColorScheme.Light, false)]
    [InlineData(ColorScheme.Dark, true)]
    public async Task ThePageFollowsTheSystemColourScheme(ColorScheme scheme, bool dark)
    {
        await using var server = ChatServer.Start();
        await using var page = await ChatPage.OpenAsync(chromium.Browser, server, new() { ColorScheme = scheme });

        // Relative luminance of the body's background, from its computed rgb().
        var luminance = await page.Page.EvaluateAsync<double>(
            """
            () => {
              const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
              return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
            }
            """);

        Assert.True(dark ? luminance < 0.3 : luminance > 0.7, $"Background luminance {luminance} for {scheme}.");
    }
}
