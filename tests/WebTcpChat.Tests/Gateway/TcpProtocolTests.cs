using System.Diagnostics;
using System.Text;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Gateway;

public sealed class TcpProtocolTests
{
    [Fact]
    public async Task KoreanSentOneByteAtATimeArrivesWhole()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        foreach (var b in Encoding.UTF8.GetBytes("한 바이트씩\n"))
        {
            await tcp.SendRawAsync([b]);
        }

        await web.WaitForTextAsync("한 바이트씩");
    }

    [Fact]
    public async Task CrLfAndLfBothEndALine()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendRawAsync(Encoding.UTF8.GetBytes("with crlf\r\nwith lf\n"));

        Assert.Equal("with crlf", (await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
        Assert.Equal("with lf", (await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
    }

    [Fact]
    public async Task ALineWithoutNewlineIsSentWhenTheClientCloses()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Tcp:QuietFlushMilliseconds"] = "60000" });
        await using var web = await server.ConnectWebAsync();
        var tcp = await server.ConnectTcpAsync();

        await tcp.SendRawAsync(Encoding.UTF8.GetBytes("bye without newline"));
        await tcp.DisposeAsync();

        var message = await web.WaitForTextAsync("bye without newline");
        Assert.Equal(tcp.Nick, message.Nick);
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Leave && m.Nick == tcp.Nick);
    }

    [Fact]
    public async Task ALineWithoutNewlineIsSentOnHalfClose_AndTheClientStillReads()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Tcp:QuietFlushMilliseconds"] = "60000" });
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendRawAsync(Encoding.UTF8.GetBytes("half closed"));
        tcp.HalfClose();

        await web.WaitForTextAsync("half closed");
        var rest = await tcp.ReadUntilClosedAsync();
        Assert.DoesNotContain(rest, line => line.StartsWith("ERROR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALineWithoutNewlineIsSentAfterAQuietGap_AndTheConnectionStaysOpen()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendRawAsync(Encoding.UTF8.GetBytes("I am a client"));
        await web.WaitForTextAsync("I am a client");

        await tcp.SendLineAsync("still here");
        await web.WaitForTextAsync("still here");
    }

    [Fact]
    public async Task AHalfLineIsNotSentAlone_WhenTheServerWasTooBusyToReadItsRest()
    {
        // The third line waits 8 s for its flood token, and the loop that would read the rest of the
        // half line waits with it: that time is the server's, not the client's silence. The quiet gap
        // (5 s) is shorter than the wait, and far longer than the client needs to send the rest.
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["Limits:FloodBurst"] = "2",
            ["Limits:FloodLinesPerSecond"] = "0.125",
            ["Tcp:QuietFlushMilliseconds"] = "5000",
        });
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendRawAsync(Encoding.UTF8.GetBytes("one\ntwo\nthree\nha"));
        await web.WaitForTextAsync("three");
        await tcp.SendRawAsync(Encoding.UTF8.GetBytes("lf\n"));

        var next = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text && m.Text != "one" && m.Text != "two" && m.Text != "three");
        Assert.Equal("half", next.Text);
    }

    [Fact]
    public async Task TheTutorialsPythonClientWorksUnchanged()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();

        var (exitCode, output) = await RunTutorialClientAsync(server.TcpPort);

        Assert.Equal(0, exitCode);
        Assert.Contains("받은 데이터", output, StringComparison.Ordinal);
        Assert.Contains("Welcome to WebTcpChat", output, StringComparison.Ordinal);
        await web.WaitForTextAsync("I am a client");
    }

    [Fact]
    public async Task InvalidUtf8BecomesReplacementCharacters_AndTheConnectionGoesOn()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendRawAsync([.. "bad "u8, 0xC3, 0x28, .. " bytes\n"u8, .. "good line\n"u8]);

        Assert.Equal("bad \uFFFD( bytes", (await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
        await web.WaitForTextAsync("good line");
    }

    [Fact]
    public async Task AnOverlongLineGetsAnErrorAndIsDropped_AndTheConnectionStaysUsable()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:MaxLineBytes"] = "100" });
        await using var web = await server.ConnectWebAsync();
        await using var tcp = await server.ConnectTcpAsync();

        await tcp.SendLineAsync(new string('x', 500));
        var error = await tcp.WaitForLineAsync(line => line.StartsWith("ERROR:", StringComparison.Ordinal));
        Assert.Contains("too long", error, StringComparison.Ordinal);

        await tcp.SendLineAsync("short line");
        await web.WaitForTextAsync("short line");
        Assert.DoesNotContain(web.Received, m => m.Text.Contains("xxxx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ControlCharactersNeverReachOtherUsers()
    {
        await using var server = ChatServer.Start();
        await using var web = await server.ConnectWebAsync();
        await using var sender = await server.ConnectTcpAsync();
        await using var receiver = await server.ConnectTcpAsync();

        await sender.SendRawAsync(Encoding.UTF8.GetBytes("a\u001B[2Jb\u0007c\0d\n"));
        Assert.Equal("abcd", (await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
        await web.SendAsync("e\u001B]52;c;ZXZpbA==\u0007f");

        await receiver.WaitForLineContainingAsync("> abcd");
        await receiver.WaitForLineContainingAsync("> ef");
        Assert.DoesNotContain(receiver.Received, line => line.Any(char.IsControl));
    }

    private static async Task<(int ExitCode, string Output)> RunTutorialClientAsync(int port)
    {
        var script = TutorialClient.Script(port);
        var start = new ProcessStartInfo("python3", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
