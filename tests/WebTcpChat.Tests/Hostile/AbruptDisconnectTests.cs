using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Hostile;

/// <summary>
/// Issue 4, case 10: a peer that resets its connection mid-line or while the server writes to it.
/// What arrived is handled as on a normal close, there is exactly one leave, and nothing fails.
/// </summary>
public sealed class AbruptDisconnectTests
{
    [Fact]
    public async Task AResetInTheMiddleOfALineStillDeliversWhatArrived_WithExactlyOneLeave()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Tcp:QuietFlushMilliseconds"] = "60000" });
        await using var web = await server.ConnectWebAsync();
        var tcp = await server.ConnectTcpAsync();

        // One write: once the whole line has arrived, so has the half line after it.
        await tcp.SendRawAsync(Encoding.UTF8.GetBytes("a whole line\nhalf a li"));
        await web.WaitForTextAsync("a whole line");
        tcp.Reset();

        var half = await web.WaitForMessageAsync(m => m.Nick == tcp.Nick && m.Kind != MessageKind.Join);
        Assert.Equal(MessageKind.Text, half.Kind);
        Assert.Equal("half a li", half.Text);
        await AssertExactlyOneLeaveAsync(server, web, tcp.Nick);
    }

    [Fact]
    public async Task AResetWhileTheServerIsWritingToThatClientEndsItOnce_AndNothingFails()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["Limits:SendQueueBytes"] = "67108864", // large, so the reset comes before any overflow
            ["Limits:FloodLinesPerSecond"] = "0",
        });
        await using var web = await server.ConnectWebAsync();
        var victim = await TcpChatClient.ConnectAsync(server.TcpPort, receiveBufferSize: 1024);
        await using var sender = await server.ConnectTcpAsync();

        // Far more than the kernel buffers hold: the server is still writing to the victim when it resets.
        var payload = new string('r', 4000);
        for (var i = 0; i < 2_000; i++)
        {
            await sender.SendLineAsync($"{i} {payload}");
        }

        await web.WaitForTextAsync($"1999 {payload}");
        victim.Reset();

        await AssertExactlyOneLeaveAsync(server, web, victim.Nick);
        Assert.DoesNotContain(web.Received, m => m.Kind == MessageKind.Leave && m.Text == "Server error");
    }

    [Fact]
    public async Task ABrowserWhoseConnectionIsCutLeavesOnce()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        ClientWebSocket? socket = null;
        var nick = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var victim = new HubConnectionBuilder()
            .WithUrl(new Uri(server.HttpAddress, "hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    socket = new ClientWebSocket();
                    await socket.ConnectAsync(context.Uri, cancellationToken);
                    return socket;
                };
            })
            .Build();
        victim.On<string>("Nickname", name => nick.TrySetResult(name));
        await victim.StartAsync();
        var victimNick = await nick.Task.WaitAsync(Timeouts.Event);
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == victimNick);

        socket!.Abort();

        await AssertExactlyOneLeaveAsync(server, web, victimNick);
    }

    // After a later marker message, exactly one leave for the nick has been seen, and nothing failed.
    private static async Task AssertExactlyOneLeaveAsync(ChatServer server, WebChatClient web, string nick)
    {
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Leave && m.Nick == nick);
        await using var marker = await server.ConnectTcpAsync();
        await marker.SendLineAsync("marker");
        await web.WaitForTextAsync("marker");
        Assert.Single(web.Received, m => m.Kind == MessageKind.Leave && m.Nick == nick);
        Assert.Empty(server.Logs.Errors());
        Assert.DoesNotContain(server.Services.GetRequiredService<ChatDispatcher>().Sessions, s => s.Nick == nick);
    }
}
