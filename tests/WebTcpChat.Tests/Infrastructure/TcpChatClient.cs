using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>A raw TCP chat user, as netcat would be: bytes out, lines in.</summary>
public sealed partial class TcpChatClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly Stream _stream;
    private readonly StreamReader _reader;

    private TcpChatClient(TcpClient client, Stream stream)
    {
        _client = client;
        _stream = stream;
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    /// <summary>The TLS session, for a client connected with <see cref="ConnectTlsAsync"/>.</summary>
    public SslStream? Tls => _stream as SslStream;

    /// <summary>The nickname from the greeting.</summary>
    public string Nick { get; private set; } = "";

    /// <summary>Every line received so far.</summary>
    public List<string> Received { get; } = [];

    public Socket Socket => _client.Client;

    /// <summary>Connects and reads the greeting.</summary>
    public static async Task<TcpChatClient> ConnectAsync(int port, int? receiveBufferSize = null)
    {
        var client = new TcpClient { NoDelay = true };
        if (receiveBufferSize is { } size)
        {
            client.ReceiveBufferSize = size;
        }

        await client.ConnectAsync("127.0.0.1", port);
        return await GreetAsync(new TcpChatClient(client, client.GetStream()));
    }

    /// <summary>Connects inside TLS, trusting exactly <paramref name="expected"/>, and reads the greeting.</summary>
    public static async Task<TcpChatClient> ConnectTlsAsync(int port, X509Certificate2 expected)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false,
            (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == expected.GetCertHashString());
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        }, timeout.Token);
        return await GreetAsync(new TcpChatClient(client, tls));
    }

    private static async Task<TcpChatClient> GreetAsync(TcpChatClient chat)
    {
        var greeting = await chat.ReadLineAsync();
        chat.Nick = GreetingNick().Match(greeting) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"Unexpected greeting: {greeting}");
        return chat;
    }

    public Task SendLineAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text + "\n"));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>The next line; fails if none arrives in time or the server closed the connection.</summary>
    public async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        var line = await _reader.ReadLineAsync(timeout.Token)
            ?? throw new EndOfStreamException($"The server closed the connection. Lines so far:\n{string.Join('\n', Received.TakeLast(20).Select(l => l.Length > 80 ? l[..80] + "..." : l))}");
        Received.Add(line);
        return line;
    }

    /// <summary>Reads until a line matches; fails if none does in time.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        try
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(timeout.Token)
                    ?? throw new EndOfStreamException($"The server closed the connection. Lines so far:\n{string.Join('\n', Received.TakeLast(20).Select(l => l.Length > 80 ? l[..80] + "..." : l))}");
                Received.Add(line);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching line within {Timeouts.Event}. Lines so far:\n{string.Join('\n', Received.TakeLast(20).Select(l => l.Length > 80 ? l[..80] + "..." : l))}");
        }
    }

    public Task<string> WaitForLineContainingAsync(string text) =>
        WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>Reads until the server closes the connection; returns the lines read meanwhile.</summary>
    public async Task<List<string>> ReadUntilClosedAsync()
    {
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        var lines = new List<string>();
        try
        {
            while (await _reader.ReadLineAsync(timeout.Token) is { } line)
            {
                Received.Add(line);
                lines.Add(line);
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }

        return lines;
    }

    /// <summary>True if no line arrives for a while; for things that must not happen.</summary>
    public async Task<string?> NextLineWithinAbsenceWindowAsync()
    {
        using var window = new CancellationTokenSource(Timeouts.Absence);
        try
        {
            var line = await _reader.ReadLineAsync(window.Token);
            if (line is not null)
            {
                Received.Add(line);
            }

            return line;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends FIN: no more data from this side, but it can still read.</summary>
    public void HalfClose() => _client.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Closes with RST instead of FIN, as a crashed peer would.</summary>
    public void Reset()
    {
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Close();
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"You are (\S+)\.")]
    private static partial Regex GreetingNick();
}
