using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.ScaleOut;

/// <summary>Two gateway nodes on one real Redis form one chat.</summary>
public sealed class ScaleOutTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    [Fact]
    public async Task LinesCrossNodesBothWaysOnBothKindsOfClient()
    {
        var (a, b) = StartNodes();
        await using var _ = a;
        await using var __ = b;
        await using var webA = await a.ConnectWebAsync();
        await using var tcpA = await a.ConnectTcpAsync();
        await using var webB = await b.ConnectWebAsync();
        await using var tcpB = await b.ConnectTcpAsync();

        await tcpA.SendLineAsync("tcp on A");
        await webB.WaitForTextAsync("tcp on A");
        await tcpB.WaitForLineContainingAsync("> tcp on A");

        await webB.SendAsync("web on B 안녕");
        await webA.WaitForTextAsync("web on B 안녕");
        await tcpA.WaitForLineContainingAsync("> web on B 안녕");

        await tcpB.SendLineAsync("tcp on B");
        await webA.WaitForTextAsync("tcp on B");
        await tcpA.WaitForLineContainingAsync("> tcp on B");

        await webA.SendAsync("web on A");
        var echo = await webA.WaitForTextAsync("web on A");
        Assert.Equal(echo.Id, (await webB.WaitForTextAsync("web on A")).Id);
        await tcpB.WaitForLineContainingAsync("> web on A");
    }

    [Fact]
    public async Task EveryoneOnEveryNodeSeesOneOrder()
    {
        var (a, b) = StartNodes();
        await using var _ = a;
        await using var __ = b;
        await using var observerA = await a.ConnectWebAsync();
        await using var observerB = await b.ConnectWebAsync();
        await using var senderA = await a.ConnectTcpAsync();
        await using var senderB = await b.ConnectTcpAsync();
        await using var webSenderB = await b.ConnectWebAsync();

        const int Lines = 100;
        await Task.WhenAll(
            SendManyAsync("a", senderA.SendLineAsync, Lines),
            SendManyAsync("b", senderB.SendLineAsync, Lines),
            SendManyAsync("w", webSenderB.SendAsync, Lines));

        var seenA = await ReadTextsAsync(observerA, 3 * Lines);
        var seenB = await ReadTextsAsync(observerB, 3 * Lines);
        Assert.Equal(seenA.Select(m => (m.Id, m.Text)), seenB.Select(m => (m.Id, m.Text)));
        Assert.Equal(seenA.Select(m => m.Id).Order(), seenA.Select(m => m.Id));
        foreach (var sender in new[] { "a", "b", "w" })
        {
            Assert.Equal(Enumerable.Range(0, Lines).Select(i => $"{sender} {i}"), seenA.Where(m => m.Text.StartsWith(sender + " ", StringComparison.Ordinal)).Select(m => m.Text));
        }
    }

    [Fact]
    public async Task NicknamesAreUniqueAcrossNodes_AndEveryoneIsListedEverywhere()
    {
        var (a, b) = StartNodes();
        await using var _ = a;
        await using var __ = b;
        await using var tcpA = await a.ConnectTcpAsync();
        await using var webB = await b.ConnectWebAsync();

        await tcpA.SendLineAsync("/nick Zelda");
        await webB.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Text == "Zelda");
        var taken = await Assert.ThrowsAsync<HubException>(() => webB.SetNickAsync("zELDA"));
        Assert.Contains("taken", taken.Message, StringComparison.Ordinal);

        var users = await webB.WaitForUsersAsync(list => list.Any(u => u.Nick == "Zelda"));
        Assert.Contains(new UserInfo("Zelda", ChatSource.Tcp), users);
        Assert.Contains(users, u => u.Nick == webB.Nick && u.Source == ChatSource.Web);

        // Node A lists webB once it has seen webB's join, which may come from Redis after Zelda's nick.
        await tcpA.WaitForLineContainingAsync($"--> {webB.Nick} joined");
        await tcpA.SendLineAsync("/who");
        var who = await tcpA.WaitForLineContainingAsync("in #lobby:");
        Assert.Contains($"{webB.Nick} (web)", who, StringComparison.Ordinal);

        // A node that starts later learns who is already online on the others.
        await using var c = StartNode(a.Setting("Redis:Prefix"));
        await using var webC = await c.ConnectWebAsync();
        var seenByC = await webC.WaitForUsersAsync(list => list.Any(u => u.Nick == "Zelda") && list.Any(u => u.Nick == webB.Nick));
        Assert.Contains(new UserInfo("Zelda", ChatSource.Tcp), seenByC);
    }

    [Fact]
    public async Task HistoryIsTheSameOnEveryNode()
    {
        var (a, b) = StartNodes();
        await using var _ = a;
        await using var __ = b;
        long lastId;
        await using (var webA = await a.ConnectWebAsync())
        {
            for (var i = 0; i < 10; i++)
            {
                await webA.SendAsync($"shared {i}");
            }

            lastId = (await webA.WaitForTextAsync("shared 9")).Id;
        }

        await using var tcpB = await b.ConnectTcpAsync();
        await tcpB.WaitForLineContainingAsync("> shared 9");

        using var httpA = a.CreateHttpClient();
        using var httpB = b.CreateHttpClient();
        var upTo = new Uri($"/api/messages?before={lastId + 1}&limit=200", UriKind.Relative);
        var fromA = await httpA.GetFromJsonAsync<List<ChatMessage>>(upTo);
        var fromB = await httpB.GetFromJsonAsync<List<ChatMessage>>(upTo);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"shared {i}"), fromA!.Where(m => m.Kind == MessageKind.Text).Select(m => m.Text));
        Assert.Equal(fromA!.Select(m => (m.Id, m.Text)), fromB!.Select(m => (m.Id, m.Text)));
        var before = await httpB.GetFromJsonAsync<List<ChatMessage>>(new Uri($"/api/messages?before={fromA![^1].Id}&limit=3", UriKind.Relative));
        Assert.Equal(fromA.SkipLast(1).TakeLast(3).Select(m => m.Id), before!.Select(m => m.Id));
    }

    [Fact]
    public async Task HistoryAtTheEdgesOfTheIdsIsEmpty_NotAStoreFailure()
    {
        await using var node = StartNode();
        using var http = node.CreateHttpClient();

        foreach (var query in new[] { "before=1", "before=0", $"after={long.MaxValue}" })
        {
            var messages = await http.GetFromJsonAsync<List<ChatMessage>>(new Uri($"/api/messages?{query}", UriKind.Relative));
            Assert.Empty(messages!);
        }

        Assert.DoesNotContain(node.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Warning);
    }

    [Fact]
    public async Task ANodeKilledWithoutGoodbyeLeavesNoGhosts_AndNothingItsUsersSawIsLost()
    {
        await using var a = StartNode();
        await using var watcher = await a.ConnectWebAsync();
        var prefix = a.Setting("Redis:Prefix");
        await using var b = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = redis.Server.ConnectionString,
            ["Redis:Prefix"] = prefix,
            ["Redis:HeartbeatSeconds"] = "1",
            ["Redis:NodeTimeoutSeconds"] = "3",
        });
        var tcpB = await TcpChatClient.ConnectAsync(b.TcpPort);
        var webB = await WebChatClient.ConnectAsync(b.HttpAddress);
        await tcpB.SendLineAsync("/nick Doomed");
        await watcher.WaitForMessageAsync(m => m.Kind == MessageKind.Nick && m.Text == "Doomed");
        await tcpB.SendLineAsync("last words from B");
        await watcher.WaitForTextAsync("last words from B");

        await b.KillAsync();

        // Within the contract's 15 seconds (the wait allows 15): both of B's users leave, everywhere.
        var left = new HashSet<string>();
        while (left.Count < 2)
        {
            var leave = await watcher.WaitForMessageAsync(m => m.Kind == MessageKind.Leave);
            left.Add(leave.Nick);
        }

        Assert.Equal(new HashSet<string> { "Doomed", webB.Nick }, left);
        var users = await watcher.WaitForUsersAsync(list => list.All(u => u.Nick != "Doomed"));
        Assert.DoesNotContain(users, u => u.Nick == webB.Nick);
        await watcher.SetNickAsync("Doomed");
        using var http = a.CreateHttpClient();
        var history = await http.GetFromJsonAsync<List<ChatMessage>>(new Uri("/api/messages?limit=50", UriKind.Relative));
        Assert.Contains(history!, m => m.Text == "last words from B");
        await tcpB.DisposeAsync();
        await webB.DisposeAsync();
    }

    private (ChatServer A, ChatServer B) StartNodes()
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        return (StartNode(prefix), StartNode(prefix));
    }

    private ChatServer StartNode(string? prefix = null) => ChatServer.Start(redis.NodeSettings(prefix ?? $"t{Guid.NewGuid():N}:"));

    internal static async Task SendManyAsync(string sender, Func<string, Task> send, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await send($"{sender} {i}");
        }
    }

    private static async Task<List<ChatMessage>> ReadTextsAsync(WebChatClient client, int count)
    {
        var texts = new List<ChatMessage>();
        while (texts.Count < count)
        {
            texts.Add(await client.WaitForMessageAsync(m => m.Kind == MessageKind.Text));
        }

        return texts;
    }
}
