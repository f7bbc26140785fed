using System.Globalization;
using WebTcpChat.BrowserTests.Browser;
using WebTcpChat.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebTcpChat.BrowserTests;

/// <summary>The page comes back by itself and shows what it missed: once, in order, with no gap.</summary>
public sealed class ReconnectTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    // More than History carries on connect (20), so the page must fetch the gap by id.
    private const int Missed = 30;

    [Fact]
    public async Task AfterAServerRestartThePageReconnectsAndShowsTheMissedMessagesOnce()
    {
        using var database = new TestDatabase();
        var settings = new Dictionary<string, string?> { [TestDatabase.SettingKey] = database.ConnectionString };
        await using var first = ChatServer.Start(settings); // stopped by the restart; disposing twice is harmless
        await using var page = await ChatPage.OpenAsync(chromium.Browser, first);
        await page.SetNickAsync("reader");
        await using (var tcp = await first.ConnectTcpAsync())
        {
            await tcp.SendLineAsync("said before the restart");
            await page.ExpectOneMessageAsync("said before the restart");
        }

        // Hold the page's next connection attempt until the missed messages have been said.
        var reconnect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = await RestartAsync(first, settings, page, reconnect.Task);
        await using var speaker = await second.ConnectTcpAsync();
        await using var witness = await second.ConnectTcpAsync();
        for (var i = 1; i <= Missed; i++)
        {
            await speaker.SendLineAsync($"missed {i:00}");
        }

        await witness.WaitForLineContainingAsync($"missed {Missed:00}"); // delivered, so stored
        reconnect.SetResult();

        await page.WaitUntilConnectedAsync();
        for (var i = 1; i <= Missed; i++)
        {
            await page.ExpectOneMessageAsync($"missed {i:00}");
        }

        await speaker.SendLineAsync("said after the reconnect");
        await page.ExpectOneMessageAsync("said after the reconnect");
        await page.ExpectOneMessageAsync("said before the restart");

        var ids = await page.MessageIdsAsync();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        var texts = await page.Messages.Locator(".msg__body").AllTextContentsAsync();
        var missed = texts.Where(t => t.Contains("missed ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Missed, missed.Count);

        // The nickname chosen before the restart is taken back.
        await Expect(page.NickInput).ToHaveValueAsync("reader");
    }

    [Fact]
    public async Task AfterAServerRestartThePageRejoinsItsRooms_AndShowsEachRoomsMissedMessagesOnce()
    {
        string[] rooms = ["#lobby", "#rust", "#한국어방"];
        using var database = new TestDatabase();
        var settings = new Dictionary<string, string?> { [TestDatabase.SettingKey] = database.ConnectionString };
        await using var first = ChatServer.Start(settings); // stopped by the restart; disposing twice is harmless
        await using var page = await ChatPage.OpenAsync(chromium.Browser, first);
        await page.SetNickAsync("reader");
        await page.JoinRoomAsync("#rust");
        await page.JoinRoomAsync("#한국어방");
        await using (var tcp = await first.ConnectTcpAsync())
        {
            foreach (var room in rooms)
            {
                await tcp.SendLineAsync($"/join {room}");
                await tcp.SendLineAsync($"before the restart in {room}");
            }

            await page.ExpectOneMessageAsync("before the restart in #한국어방");
        }

        // A private conversation cannot be fetched again, but what it said stays on the page.
        string whisperer;
        await using (var tcp = await first.ConnectTcpAsync())
        {
            whisperer = tcp.Nick;
            await tcp.SendLineAsync("/msg reader a secret before the restart");
            await Expect(page.UnreadOf(whisperer)).ToHaveTextAsync("1");
        }

        var reconnect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = await RestartAsync(first, settings, page, reconnect.Task);

        // Each room hears more than a join's history carries while the page is away.
        await using var speaker = await second.ConnectTcpAsync();
        await using var witness = await second.ConnectTcpAsync();
        foreach (var room in rooms)
        {
            await speaker.SendLineAsync($"/join {room}");
            for (var i = 1; i <= Missed; i++)
            {
                await speaker.SendLineAsync($"{room} missed {i:00}");
            }
        }

        await witness.WaitForLineContainingAsync($"#lobby missed {Missed:00}"); // the last said, so all are stored
        reconnect.SetResult();

        await page.WaitUntilConnectedAsync();
        await Expect(page.NickInput).ToHaveValueAsync("reader");
        // The nickname is taken back before the rooms are joined again: they see reader come back.
        await speaker.WaitForLineContainingAsync("--> reader joined #rust (web)");
        await speaker.SendLineAsync("/join #rust");
        await speaker.SendLineAsync("#rust after the reconnect");

        foreach (var room in rooms)
        {
            await page.ShowAsync(room);
            for (var i = 1; i <= Missed; i++)
            {
                await page.ExpectOneMessageAsync($"{room} missed {i:00}");
            }

            await page.ExpectOneMessageAsync($"before the restart in {room}");
            var ids = await page.MessageIdsAsync();
            Assert.Equal(ids.Order(), ids);
            Assert.Equal(ids.Distinct().Count(), ids.Count);
            var texts = await page.Messages.Locator(".msg__body").AllTextContentsAsync();
            Assert.Equal(Missed, texts.Count(t => t.Contains(" missed ", StringComparison.Ordinal)));
            Assert.All(texts.Where(t => t.Contains(" missed ", StringComparison.Ordinal)), t => Assert.Contains($"{room} missed", t, StringComparison.Ordinal));
        }

        await page.ShowAsync("#rust");
        await page.ExpectOneMessageAsync("#rust after the reconnect");
        await page.ShowAsync(whisperer);
        await page.ExpectOneMessageAsync("a secret before the restart");
    }

    /// <summary>
    /// Stops <paramref name="first"/> and starts a server on its ports and database, as after a real
    /// restart, once the page has seen the connection drop. The page's next connection attempt waits
    /// for <paramref name="reconnect"/>, so the test can say what the page misses first.
    /// </summary>
    private static async Task<ChatServer> RestartAsync(ChatServer first, Dictionary<string, string?> settings, ChatPage page, Task reconnect)
    {
        await page.Page.RouteAsync("**/hubs/chat/negotiate**", async route =>
        {
            await reconnect;
            await route.ContinueAsync();
        });

        settings["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{first.HttpAddress.Port.ToString(CultureInfo.InvariantCulture)}";
        settings["Kestrel:Endpoints:Tcp:Url"] = $"http://127.0.0.1:{first.TcpPort.ToString(CultureInfo.InvariantCulture)}";
        await first.DisposeAsync();
        await Expect(page.ConnectionState).Not.ToHaveAttributeAsync("data-state", "connected");
        return ChatServer.Start(settings);
    }
}
