using System.Net.Sockets;
using System.Text;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Hostile;

/// <summary>
/// Issue 4, cases 2 and 3: telnet negotiation is consumed, control characters are never forwarded,
/// and escape sequences are stripped before anything is written to a socket, whoever sent them.
/// </summary>
public sealed class ControlCharacterTests
{
    private static readonly byte Iac = 0xFF;

    [Fact]
    public async Task TelnetNegotiationOnConnectIsConsumedAndNeverShown()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var receiver = await RawReceiver.ConnectAsync(server.TcpPort);

        // What `telnet` sends first: DO SUPPRESS-GO-AHEAD, WILL TERMINAL-TYPE, WILL NAWS, a NAWS
        // subnegotiation (whose bytes include a line feed), then a line with a NOP and an escaped 0xFF
        // (not text: 0xFF never occurs in UTF-8) inside.
        using var telnet = new TcpClient { NoDelay = true };
        await telnet.ConnectAsync("127.0.0.1", server.TcpPort);
        var stream = telnet.GetStream();
        byte[] negotiation = [Iac, 253, 3, Iac, 251, 24, Iac, 251, 31, Iac, 250, 31, 0, 80, 0, 10, Iac, 240];
        byte[] bytes = [.. negotiation, .. "hel"u8, Iac, 241, .. "lo"u8, Iac, Iac, .. "\r\n"u8];
        await stream.WriteAsync(bytes);

        var message = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text);
        Assert.Equal("hello", message.Text);
        var line = await receiver.WaitForLineContainingAsync("> hello");
        Assert.DoesNotContain(Iac, line);
        Assert.Empty(server.Logs.Errors());
    }

    [Fact]
    public async Task NulC0AndC1ControlCharactersAreNeverForwardedToAnyone()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var receiver = await RawReceiver.ConnectAsync(server.TcpPort);
        await using var sender = await server.ConnectTcpAsync();

        var text = new StringBuilder("tcp:");
        for (var c = '\0'; c <= '\u009F'; c++)
        {
            if (c is (< ' ' or >= '\u007F') and not '\n' and not '\r' and not '\u001B' and not '\u009B' and not '\u009D' and not '\u0090' and not '\u0098' and not '\u009E' and not '\u009F')
            {
                text.Append(c).Append('.');
            }
        }

        await sender.SendRawAsync(Encoding.UTF8.GetBytes(text + "end\n"));
        await web.SendAsync(text.ToString().Replace("tcp:", "web:", StringComparison.Ordinal) + "end");

        var fromTcp = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text && m.Text.StartsWith("tcp:", StringComparison.Ordinal));
        var fromWeb = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text && m.Text.StartsWith("web:", StringComparison.Ordinal));
        foreach (var message in new[] { fromTcp, fromWeb })
        {
            Assert.DoesNotContain(message.Text, IsControl);
            Assert.EndsWith("end", message.Text, StringComparison.Ordinal);
        }

        await receiver.WaitForLineContainingAsync("tcp:");
        await receiver.WaitForLineContainingAsync("web:");
        receiver.AssertNoControlBytes();
    }

    [Theory]
    [InlineData("clear\u001B[2Jscreen", "clearscreen")]
    [InlineData("title\u001B]0;pwned\u0007done", "titledone")]
    [InlineData("clip\u001B]52;c;ZXZpbA==\u0007board", "clipboard")]
    [InlineData("clip\u001B]52;c;ZXZpbA==\u001B\\board", "clipboard")]
    [InlineData("bell\u0007bell", "bellbell")]
    [InlineData("c1\u009B2Jcsi", "c1csi")]
    [InlineData("osc\u009D0;x\u009Cend", "oscend")]
    [InlineData("unterminated\u001B]0;title forever", "unterminated")]
    public async Task EscapeSequencesFromBrowsersAndTerminalsAreStrippedBeforeReachingAnySocket(string sent, string shown)
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var receiver = await RawReceiver.ConnectAsync(server.TcpPort);
        await using var tcp = await server.ConnectTcpAsync();

        await web.SendAsync(sent);
        await tcp.SendRawAsync(Encoding.UTF8.GetBytes(sent + "\n"));
        // Through the paths that echo user text back: an unknown command, and /me.
        await tcp.SendRawAsync(Encoding.UTF8.GetBytes("/" + sent + "\n/me " + sent + "\n"));

        Assert.Equal(shown, (await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
        Assert.Equal(shown, (await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
        Assert.Equal(shown, (await web.WaitForMessageAsync(m => m.Kind == MessageKind.Action)).Text);
        await tcp.WaitForLineAsync(line => line.StartsWith("ERROR:", StringComparison.Ordinal));
        Assert.DoesNotContain(tcp.Received, line => line.Any(IsControl));

        await receiver.WaitForLineContainingAsync($"* {tcp.Nick} {shown}");
        receiver.AssertNoControlBytes();
    }

    private static bool IsControl(char c) => c < ' ' || c is >= '\u007F' and <= '\u009F';

    /// <summary>A TCP user that keeps every byte it receives, to check what actually reached the socket.</summary>
    private sealed class RawReceiver : IAsyncDisposable
    {
        private readonly TcpClient _client;
        private readonly List<byte> _bytes = [];

        private RawReceiver(TcpClient client) => _client = client;

        public static async Task<RawReceiver> ConnectAsync(int port)
        {
            var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            var receiver = new RawReceiver(client);
            await receiver.WaitForLineContainingAsync("Welcome");
            return receiver;
        }

        public async Task<byte[]> WaitForLineContainingAsync(string text)
        {
            using var timeout = new CancellationTokenSource(Timeouts.Event);
            var buffer = new byte[4096];
            var start = 0;
            while (true)
            {
                var end = _bytes.IndexOf((byte)'\n', start);
                if (end >= 0)
                {
                    var line = _bytes.Skip(start).Take(end - start).ToArray();
                    start = end + 1;
                    if (Encoding.UTF8.GetString(line).Contains(text, StringComparison.Ordinal))
                    {
                        return line;
                    }

                    continue;
                }

                var read = await _client.GetStream().ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    throw new EndOfStreamException("The server closed the connection.");
                }

                _bytes.AddRange(buffer.AsSpan(0, read));
            }
        }

        /// <summary>Every line ends in CRLF; apart from that, no C0 or C1 control and no 0xFF reached this socket.</summary>
        public void AssertNoControlBytes()
        {
            var text = Encoding.UTF8.GetString([.. _bytes]).Replace("\r\n", "\n", StringComparison.Ordinal);
            Assert.DoesNotContain(_bytes, b => b == 0xFF);
            Assert.DoesNotContain(text, c => c != '\n' && IsControl(c));
        }

        public ValueTask DisposeAsync()
        {
            _client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
