using System.Net.Sockets;
using System.Text;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Hostile;

/// <summary>Issue 4, case 1: lines too long, lines that never end, and lines the size of the read buffer.</summary>
public sealed class OverlongInputTests
{
    private const int LineLimitDisconnectEvent = 201;
    private const int LineTooLongEvent = 200;

    [Fact]
    public async Task ALineOverTheLimitGetsAnErrorAndALogEvent_IsDropped_AndTheConnectionStaysUsable()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["Limits:MaxLineBytes"] = "100",
            ["Serilog:MinimumLevel:Default"] = "Information",
        });
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync(new string('x', 101));
        var error = await tcp.WaitForLineAsync(line => line.StartsWith("ERROR:", StringComparison.Ordinal));
        Assert.Contains("too long", error, StringComparison.Ordinal);
        await server.Logs.WaitForEventIdAsync(LineTooLongEvent);

        await tcp.SendLineAsync(new string('y', 100));
        await web.WaitForTextAsync(new string('y', 100));
        Assert.DoesNotContain(web.Received, m => m.Text.Contains('x', StringComparison.Ordinal));
    }

    [Fact]
    public async Task TenMegabytesWithoutANewlineAreBufferedBoundedly_ThenTheClientIsToldAndDisconnected()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var bystander = await server.ConnectTcpAsync();
        await using var tcp = await server.ConnectTcpAsync();

        // The server may cut the connection while this is still being sent: that is the point.
        var sending = SendIgnoringResetAsync(tcp, 10 * 1024 * 1024);

        var lines = await tcp.ReadUntilClosedAsync();
        Assert.Contains(lines, line => line.StartsWith("ERROR: Line too long", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Closing connection: Line too long", StringComparison.Ordinal));
        var leave = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Leave && m.Nick == tcp.Nick);
        Assert.StartsWith("Line too long", leave.Text, StringComparison.Ordinal);
        await sending;

        // What was buffered before the cut stayed near MaxLineBytes x OverlongLineDisconnectFactor (64 KiB),
        // plus at most the transport's read buffer: nowhere near the 10 MB sent.
        var disconnect = await server.Logs.WaitForEventIdAsync(LineLimitDisconnectEvent);
        var skipped = (long)((Serilog.Events.ScalarValue)disconnect.Properties["Bytes"]).Value!;
        Assert.InRange(skipped, 4096 * 16, (4096 * 16) + (2 * 1024 * 1024));
        Assert.Empty(server.Logs.Errors());

        await bystander.SendLineAsync("still here");
        await web.WaitForTextAsync("still here");
    }

    [Theory]
    [InlineData(4095)]
    [InlineData(4096)] // exactly MaxLineBytes, and exactly one block of Kestrel's memory pool
    [InlineData(8192)]
    public async Task ALineAsLongAsTheReadBufferArrivesWhole(int length)
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:MaxLineBytes"] = "8192" });
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();
        var line = new string('a', length);

        await tcp.SendRawAsync(Encoding.ASCII.GetBytes(line + "\r\n" + line + "\n"));

        Assert.Equal(line, (await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
        Assert.Equal(line, (await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
        await tcp.SendLineAsync("after");
        await web.WaitForTextAsync("after");
    }

    [Fact]
    public async Task ALineOfExactlyTheLimitWithNoLineEndIsSentAfterTheQuietGap_AndOneByteMoreIsRefused()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:MaxLineBytes"] = "4096" });
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendRawAsync(Encoding.ASCII.GetBytes(new string('b', 4096)));
        await web.WaitForTextAsync(new string('b', 4096));

        await tcp.SendRawAsync(Encoding.ASCII.GetBytes(new string('c', 4097)));
        var error = await tcp.WaitForLineAsync(line => line.StartsWith("ERROR:", StringComparison.Ordinal));
        Assert.Contains("too long", error, StringComparison.Ordinal);
        await tcp.SendLineAsync("usable");
        await web.WaitForTextAsync("usable");
    }

    [Fact]
    public async Task ALineAsLongAsTheTransportsWholeReadBufferIsNotADeadlock()
    {
        // The largest line limit allowed, and a line of exactly Kestrel's default read buffer (1 MiB):
        // the transport must be allowed to hold it, or the line end could never be read.
        const int OneMebibyte = 1024 * 1024;
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["Limits:MaxLineBytes"] = OneMebibyte.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Limits:SendQueueBytes"] = (16 * OneMebibyte).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tcp:QuietFlushMilliseconds"] = "60000",
        });
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();
        var line = new string('d', OneMebibyte);

        await tcp.SendRawAsync(Encoding.ASCII.GetBytes(line + "\n"));

        var message = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text);
        Assert.Equal(OneMebibyte, message.Text.Length);
    }

    private static async Task SendIgnoringResetAsync(TcpChatClient client, int totalBytes)
    {
        var chunk = Encoding.ASCII.GetBytes(new string('z', 64 * 1024));
        try
        {
            for (var sent = 0; sent < totalBytes; sent += chunk.Length)
            {
                await client.SendRawAsync(chunk);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // Cut off by the server.
        }
    }
}
