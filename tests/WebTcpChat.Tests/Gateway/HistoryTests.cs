using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Gateway;

public sealed class HistoryTests
{
    [Fact]
    public async Task NewUsersOnBothSidesGetTheRecentHistory()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Chat:HistoryOnConnect"] = "5" });
        await using var writer = await server.ConnectWebAsync();
        for (var i = 1; i <= 8; i++)
        {
            await writer.SendAsync($"old line {i}");
        }

        await writer.WaitForTextAsync("old line 8");

        await using var tcp = await server.ConnectTcpAsync();
        var lines = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            lines.Add(await tcp.ReadLineAsync());
        }

        Assert.Equal(["old line 4", "old line 5", "old line 6", "old line 7", "old line 8"],
            lines.Select(line => line[(line.IndexOf("> ", StringComparison.Ordinal) + 2)..]));

        // The TCP user's arrival is now the latest event.
        await writer.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == tcp.Nick);
        await using var web = await server.ConnectWebAsync();
        var history = await web.NextHistoryAsync();
        Assert.Equal(["old line 5", "old line 6", "old line 7", "old line 8", ""], history.Select(m => m.Text));
        Assert.Equal(tcp.Nick, history[^1].Nick);
        Assert.Equal(MessageKind.Join, history[^1].Kind);
        Assert.Equal(history.Select(m => m.Id).Order(), history.Select(m => m.Id));
    }

    [Fact]
    public async Task HistoryAndLiveMessagesMeetWithoutGapOrDuplicate()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Chat:HistoryOnConnect"] = "500" });
        await using var writer = await server.ConnectTcpAsync();
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++)
            {
                await writer.SendLineAsync($"n{i}");
            }
        });

        // Connect while the lines are flowing: some arrive as history, the rest live.
        await using var web = await server.ConnectWebAsync();
        var seen = (await web.NextHistoryAsync()).Where(m => m.Kind == MessageKind.Text).Select(m => m.Text).ToList();
        await sending;
        while (!seen.Contains("n299"))
        {
            seen.Add((await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
        }

        var first = int.Parse(seen[0][1..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Enumerable.Range(first, 300 - first).Select(i => $"n{i}"), seen);
    }
}
