using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WebTcpChat.Chat;
using WebTcpChat.Tcp;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Hostile;

/// <summary>Issue 4, case 6: clients that never send, or never finish a line, are closed; dead peers are probed.</summary>
public sealed class TimeoutTests
{
    private const int TimedOutEvent = 220;

    [Fact]
    public async Task AClientThatConnectsAndNeverSendsIsClosedAfterTheIdleTimeout()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["Limits:IdleTimeoutSeconds"] = "1",
            ["Serilog:MinimumLevel:Default"] = "Information",
        });
        await using var web = await server.ConnectWebAsync();
        await using var silent = await server.ConnectTcpAsync();

        var lines = await silent.ReadUntilClosedAsync();

        Assert.Contains(lines, line => line.Contains("Closing connection: Idle timeout", StringComparison.Ordinal));
        var leave = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Leave && m.Nick == silent.Nick);
        Assert.StartsWith("Idle timeout", leave.Text, StringComparison.Ordinal);
        await server.Logs.WaitForEventIdAsync(TimedOutEvent);
    }

    [Fact]
    public async Task OnlySilenceCountsTowardsTheIdleTimeout()
    {
        // A fake clock: the test decides how much time passes between lines.
        var time = new FakeTimeProvider();
        await using var server = ChatServer.Start(
            new Dictionary<string, string?> { ["Limits:IdleTimeoutSeconds"] = "10" },
            services => services.AddSingleton<TimeProvider>(time));
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(6));
            await tcp.SendLineAsync($"line {i}");
            await web.WaitForTextAsync($"line {i}");
        }

        while (await tcp.NextLineWithinAbsenceWindowAsync() is { } line)
        {
            Assert.DoesNotContain("Closing connection", line, StringComparison.Ordinal);
        }

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Contains(await tcp.ReadUntilClosedAsync(), line => line.Contains("Idle timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientThatStartsALineAndNeverFinishesItIsClosedAfterThePartialLineTimeout()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["Limits:PartialLineTimeoutSeconds"] = "1",
            // Keep the unfinished line pending, as a client trickling a byte every few hundred ms would.
            ["Tcp:QuietFlushMilliseconds"] = "60000",
        });
        await using var web = await server.ConnectWebAsync();
        await using var trickler = await server.ConnectTcpAsync();
        await using var bystander = await server.ConnectTcpAsync();

        await trickler.SendRawAsync(Encoding.UTF8.GetBytes("never ends"));

        var lines = await trickler.ReadUntilClosedAsync();
        Assert.Contains(lines, line => line.Contains("Closing connection: Line not finished within 1 seconds", StringComparison.Ordinal));
        var leave = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Leave && m.Nick == trickler.Nick);
        Assert.StartsWith("Line not finished", leave.Text, StringComparison.Ordinal);

        await bystander.SendLineAsync("unaffected");
        await web.WaitForTextAsync("unaffected");
    }

    [Fact]
    public async Task TheServersOwnSocketForATcpClientProbesForADeadPeer()
    {
        // The kernel finds the dead peer; what the gateway must do is turn keepalive on for the socket
        // Kestrel accepted. `ss` shows that socket's keepalive timer from outside the process.
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:TcpKeepAliveSeconds"] = "45" });
        await using var tcp = await server.ConnectTcpAsync();
        var clientPort = ((IPEndPoint)tcp.Socket.LocalEndPoint!).Port;

        var socket = await SocketStatisticsAsync($"( sport = :{server.TcpPort} and dport = :{clientPort} )");

        Assert.Contains("timer:(keepalive,", socket, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepaliveIsTurnedOnForAcceptedSockets()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptSocketAsync();

        Assert.True(TcpKeepAlive.Apply(accepted, 45));

        Assert.Equal(1, (int)accepted.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(45, (int)accepted.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.False(TcpKeepAlive.Apply(accepted, 0));
    }

    // One established TCP socket matching the filter, with its timers (`ss -o`), as one line.
    private static async Task<string> SocketStatisticsAsync(string filter)
    {
        var start = new System.Diagnostics.ProcessStartInfo("ss", ["-tnoH", "state", "established", filter])
        {
            RedirectStandardOutput = true,
        };
        using var ss = System.Diagnostics.Process.Start(start)!;
        var output = await ss.StandardOutput.ReadToEndAsync();
        await ss.WaitForExitAsync();
        Assert.Equal(0, ss.ExitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(lines);
    }
}
