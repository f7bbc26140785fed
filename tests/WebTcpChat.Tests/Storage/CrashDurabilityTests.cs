using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Storage;

public sealed partial class CrashDurabilityTests
{
    [Fact]
    public async Task EveryMessageAnyClientReceivedIsInTheHistoryAfterKillDashNine()
    {
        using var database = new TestDatabase();
        var settings = new Dictionary<string, string>
        {
            [TestDatabase.SettingKey] = database.ConnectionString,
            // Senders go flat out here; this test is about durability, not about dropping slow readers.
            ["Limits:SendQueueBytes"] = "16777216",
            ["Limits:FloodLinesPerSecond"] = "0", // and no flood control either
        };
        var received = new ConcurrentDictionary<string, long>();

        await using (var gateway = await GatewayProcess.StartAsync(settings))
        {
            var webReceivers = new[] { await WebChatClient.ConnectAsync(gateway.HttpAddress), await WebChatClient.ConnectAsync(gateway.HttpAddress) };
            var tcpReceiver = await TcpChatClient.ConnectAsync(gateway.TcpPort);
            var tcpSenders = new[] { await TcpChatClient.ConnectAsync(gateway.TcpPort), await TcpChatClient.ConnectAsync(gateway.TcpPort) };
            var webSender = await WebChatClient.ConnectAsync(gateway.HttpAddress);

            using var stop = new CancellationTokenSource();
            var sending = tcpSenders.Select((tcp, n) => SendUntilStoppedAsync($"tcp{n}", tcp.SendLineAsync, stop.Token))
                .Append(SendUntilStoppedAsync("web", webSender.SendAsync, stop.Token))
                .ToArray();
            var receiving = webReceivers.Select(web => CollectWebAsync(web, received))
                .Append(CollectTcpAsync(tcpReceiver, received))
                .ToArray();

            // Chat hard until plenty has been delivered, then pull the plug mid-flow.
            await Eventually.WaitForAsync(() => Task.FromResult(received.Count), count => count >= 500);
            await gateway.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(sending);
            await Task.WhenAll(receiving);

            foreach (var client in webReceivers.Append(webSender))
            {
                await client.DisposeAsync();
            }

            foreach (var client in tcpSenders.Append(tcpReceiver))
            {
                await client.DisposeAsync();
            }
        }

        await using var restarted = await GatewayProcess.StartAsync(settings);
        using var http = new HttpClient { BaseAddress = restarted.HttpAddress };
        var stored = new Dictionary<string, long>();
        var after = 0L;
        while (await http.GetFromJsonAsync<List<ChatMessage>>(new Uri($"/api/messages?after={after}&limit=200", UriKind.Relative)) is { Count: > 0 } page)
        {
            foreach (var message in page.Where(m => m.Kind == MessageKind.Text))
            {
                stored[message.Text] = message.Id;
            }

            after = page[^1].Id;
        }

        var missing = received.Keys.Where(text => !stored.ContainsKey(text)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {received.Count} received messages are not in the history, e.g. {string.Join(", ", missing.Take(5))}");
        foreach (var (text, id) in received.Where(r => r.Value > 0))
        {
            Assert.Equal(id, stored[text]);
        }
    }

    private static async Task SendUntilStoppedAsync(string sender, Func<string, Task> send, CancellationToken stop)
    {
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await send($"{sender}-{i}");
            }
        }
#pragma warning disable CA1031 // The server is killed under the sender: any failure just ends it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    // Records every text message a web client gets, with its id, until its connection drops.
    private static async Task CollectWebAsync(WebChatClient web, ConcurrentDictionary<string, long> received)
    {
        web.Connection.On<ChatMessage>("Message", message =>
        {
            if (message.Kind == MessageKind.Text)
            {
                received[message.Text] = message.Id;
            }
        });
        await web.Closed;
    }

    private static async Task CollectTcpAsync(TcpChatClient tcp, ConcurrentDictionary<string, long> received)
    {
        foreach (var line in await tcp.ReadUntilClosedAsync())
        {
            if (ChatLine().Match(line) is { Success: true } chat)
            {
                received.TryAdd(chat.Groups[1].Value, 0);
            }
        }
    }

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d\] <[^>]+> (.*)$")]
    private static partial Regex ChatLine();
}
