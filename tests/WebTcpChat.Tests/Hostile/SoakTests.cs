using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using WebTcpChat.Chat;
using WebTcpChat.Observability;
using WebTcpChat.Tcp;
using WebTcpChat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WebTcpChat.Tests.Hostile;

/// <summary>
/// Issue 4, case 11: a bounded soak. Well-behaved clients of both kinds chat while others flood,
/// never read, or are killed at random. Afterwards the user list and the counters agree, and every
/// line from a well-behaved client reached every well-behaved client.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int WellBehavedPerSide = 5;
    private const int LinesEach = 12;
    private const int ChaosClients = 8;
    private static readonly TimeSpan FloodTime = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task WellBehavedClientsMissNothingWhileOthersFloodStallAndDie_AndEverythingAddsUpAfterwards()
    {
        var seed = Random.Shared.Next();
        output.WriteLine($"Random seed: {seed}");
        var random = new Random(seed);

        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["Limits:FloodBurst"] = "15",
            ["Limits:FloodLinesPerSecond"] = "5",
            ["Limits:MaxConnectionsPerIp"] = "100",
        });
        // The server's own connection count: an up-down counter, so its measurements add up to it.
        using var connections = new MetricCollector<long>(server.Services.GetRequiredService<IMeterFactory>(), ChatMetrics.MeterName, "webtcpchat.connections");

        // The well-behaved: they read everything and send within the flood limit.
        var webs = new List<WebChatClient>();
        var tcps = new List<TcpChatClient>();
        for (var i = 0; i < WellBehavedPerSide; i++)
        {
            webs.Add(await server.ConnectWebAsync());
            tcps.Add(await server.ConnectTcpAsync());
        }

        var nicks = webs.Select(w => w.Nick).Concat(tcps.Select(t => t.Nick)).ToList();
        var expected = nicks.SelectMany(nick => Enumerable.Range(0, LinesEach).Select(i => $"wb {nick} {i}")).ToHashSet();
        var tcpCollectors = tcps.Select(tcp => (Task)CollectAsync(tcp, [.. expected.Where(l => !l.StartsWith($"wb {tcp.Nick} ", StringComparison.Ordinal))])).ToList();
        var webCollectors = webs.Select(web => CollectAsync(web, expected)).ToList();

        // The rest: flooders, readers that never read, and clients killed at random.
        var neverReadsTcp = await TcpChatClient.ConnectAsync(server.TcpPort, receiveBufferSize: 1024);
        var (neverReadsWeb, _) = await StuckWebClient.ConnectAsync(server.HttpAddress);
        var disturbances = new List<Task>
        {
            FloodTcpAsync(server),
            FloodTcpAsync(server),
            FloodWebAsync(server),
        };
        disturbances.AddRange(Enumerable.Range(0, ChaosClients).Select(i => ChaosAsync(server, new Random(seed + i))));

        var talking = webs.Select(web => TalkAsync(web.Nick, web.SendAsync, new Random(random.Next())))
            .Concat(tcps.Select(tcp => TalkAsync(tcp.Nick, tcp.SendLineAsync, new Random(random.Next()))));
        await Task.WhenAll(talking.Concat(disturbances));
        await Task.WhenAll(tcpCollectors.Concat(webCollectors));

        await neverReadsTcp.DisposeAsync();
        await neverReadsWeb.DisposeAsync();

        // Only the well-behaved are left, and every count says so.
        var chat = server.Services.GetRequiredService<ChatService>();
        var dispatcher = server.Services.GetRequiredService<ChatDispatcher>();
        var limiter = server.Services.GetRequiredService<TcpConnectionLimiter>();
        await Eventually.WaitForAsync(() => Task.FromResult(chat.Users().Select(u => u.Nick).Order().ToList()), users => users.SequenceEqual(nicks.Order()));
        await Eventually.WaitForAsync(() => Task.FromResult(dispatcher.SessionCount), count => count == nicks.Count);
        await Eventually.WaitForAsync(() => Task.FromResult(connections.GetMeasurementSnapshot().Sum(m => m.Value)), count => count == nicks.Count);
        await Eventually.WaitForAsync(() => Task.FromResult(limiter.Total), count => count == WellBehavedPerSide);
        Assert.Equal(WellBehavedPerSide, limiter.CountFor(IPAddress.Loopback));
        await webs[0].WaitForUsersAsync(users => users.Select(u => u.Nick).Order().SequenceEqual(nicks.Order()));

        // Everyone who came and went left exactly once; no well-behaved client left at all.
        await tcps[0].SendLineAsync("the end");
        await webs[0].WaitForTextAsync("the end");
        var seen = webs[0].Received;
        foreach (var nick in seen.Where(m => m.Kind == MessageKind.Join).Select(m => m.Nick).Distinct())
        {
            Assert.Equal(nicks.Contains(nick) ? 0 : 1, seen.Count(m => m.Kind == MessageKind.Leave && m.Nick == nick));
        }

        Assert.Empty(server.Logs.Errors());
        foreach (var client in webs)
        {
            await client.DisposeAsync();
        }

        foreach (var client in tcps)
        {
            await client.DisposeAsync();
        }
    }

    private static async Task TalkAsync(string nick, Func<string, Task> send, Random random)
    {
        for (var i = 0; i < LinesEach; i++)
        {
            await send($"wb {nick} {i}");
            await Task.Delay(random.Next(0, 60)); // pacing, like a person; not synchronisation
        }
    }

    private static Task<string> CollectAsync(TcpChatClient tcp, HashSet<string> wanted)
    {
        var missing = new HashSet<string>(wanted);
        return tcp.WaitForLineAsync(line =>
        {
            var start = line.IndexOf("> wb ", StringComparison.Ordinal);
            if (start >= 0)
            {
                missing.Remove(line[(start + 2)..]);
            }

            return missing.Count == 0;
        });
    }

    private static async Task CollectAsync(WebChatClient web, HashSet<string> wanted)
    {
        var missing = new HashSet<string>(wanted);
        while (missing.Count > 0)
        {
            var message = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text && m.Text.StartsWith("wb ", StringComparison.Ordinal));
            missing.Remove(message.Text);
        }
    }

    // Floods, then goes: cut off for Excess Flood, or (on a machine too busy to read it faster than
    // the flood limit) merely slowed down. FloodTests checks which; here it only has to disturb.
    private static async Task FloodTcpAsync(ChatServer server)
    {
        await using var flooder = await server.ConnectTcpAsync();
        await flooder.SendRawAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => $"flood {i}\n"))));
        await AtMostFloodTime(flooder.WaitForLineAsync(line => line.Contains("Excess Flood", StringComparison.Ordinal)));
    }

    private static async Task FloodWebAsync(ChatServer server)
    {
        await using var flooder = await server.ConnectWebAsync();
        for (var i = 0; i < 100; i++)
        {
            await flooder.Connection.SendAsync("Send", $"web flood {i}");
        }

        await AtMostFloodTime(flooder.Closed);
    }

    private static async Task AtMostFloodTime(Task ending) => await Task.WhenAny(ending, Task.Delay(FloodTime));

    // Connects, says a little (perhaps half a line), and is killed: reset, closed, or disposed, at a random moment.
    private static async Task ChaosAsync(ChatServer server, Random random)
    {
        await Task.Delay(random.Next(0, 400));
        if (random.Next(2) == 0)
        {
            var tcp = await server.ConnectTcpAsync();
            for (var i = random.Next(0, 4); i > 0; i--)
            {
                await tcp.SendLineAsync($"chaos {i}");
            }

            if (random.Next(2) == 0)
            {
                await tcp.SendRawAsync(Encoding.UTF8.GetBytes("half a li"));
            }

            await Task.Delay(random.Next(0, 300));
            if (random.Next(2) == 0)
            {
                tcp.Reset();
            }
            else
            {
                await tcp.DisposeAsync();
            }
        }
        else
        {
            await using var web = await server.ConnectWebAsync();
            for (var i = random.Next(0, 4); i > 0; i--)
            {
                await web.SendAsync($"chaos {i}");
            }

            await Task.Delay(random.Next(0, 300));
        }
    }
}
