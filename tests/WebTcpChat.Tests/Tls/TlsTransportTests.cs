using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WebTcpChat.Chat;
using WebTcpChat.Hosting;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Tls;

public sealed class TlsTransportTests
{
    [Fact]
    public async Task ATlsClientChatsWithPlainTcpAndSignalRUsersBothWays()
    {
        using var certificate = new TestCertificate();
        await using var server = ChatServer.Start(certificate.EndpointSettings(EndpointNames.Tcps));
        await using var web = await server.ConnectWebAsync();
        await using var plain = await server.ConnectTcpAsync();
        await using var secure = await TcpChatClient.ConnectTlsAsync(server.Port(EndpointNames.Tcps), certificate.Certificate);

        // Really TLS, with our certificate: the trap (clear text on an https:// endpoint) is not sprung.
        Assert.True(secure.Tls!.IsAuthenticated && secure.Tls.IsEncrypted);
        Assert.True(secure.Tls.SslProtocol is SslProtocols.Tls12 or SslProtocols.Tls13);

        await secure.SendLineAsync("over TLS 안녕");
        await plain.WaitForLineContainingAsync($"<{secure.Nick}> over TLS 안녕");
        Assert.Equal(ChatSource.Tcp, (await web.WaitForTextAsync("over TLS 안녕")).Source);

        await plain.SendLineAsync("in clear text");
        await secure.WaitForLineContainingAsync("> in clear text");

        await web.SendAsync("from a browser");
        await secure.WaitForLineContainingAsync("> from a browser");
    }

    [Fact]
    public async Task ClearTextOnTheTlsPortIsDroppedAfterTheFailedHandshake_AndCostsNoOneElseAnything()
    {
        using var certificate = new TestCertificate();
        await using var server = ChatServer.Start(certificate.EndpointSettings(EndpointNames.Tcps));
        await using var web = await server.ConnectWebAsync();
        await using var secure = await TcpChatClient.ConnectTlsAsync(server.Port(EndpointNames.Tcps), certificate.Certificate);

        using (var junk = new TcpClient())
        {
            await junk.ConnectAsync("127.0.0.1", server.Port(EndpointNames.Tcps));
            var stream = junk.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("hello in clear text\r\n"));
            Assert.True(await ClosedByServerAsync(stream));
        }

        await secure.SendLineAsync("still fine");
        await web.WaitForTextAsync("still fine");
        Assert.DoesNotContain(web.Received, m => m.Text.Contains("clear text", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConnectionLimitsCountTlsAndPlainConnectionsAlike()
    {
        using var certificate = new TestCertificate();
        var settings = certificate.EndpointSettings(EndpointNames.Tcps);
        settings["Limits:MaxConnectionsPerIp"] = "1";
        await using var server = ChatServer.Start(settings);
        await using var plain = await server.ConnectTcpAsync();

        // The one place per address is taken by the plain connection: the TLS one is refused, inside TLS.
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", server.Port(EndpointNames.Tcps));
        await using var tls = new SslStream(client.GetStream(), false,
            (_, presented, _, _) => presented?.GetCertHashString() == certificate.Certificate.GetCertHashString());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        using var reader = new StreamReader(tls);
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        var refusal = await reader.ReadLineAsync(timeout.Token);

        Assert.StartsWith("ERROR: Too many connections from your address", refusal, StringComparison.Ordinal);
        Assert.Null(await reader.ReadLineAsync(timeout.Token));
    }

    [Fact]
    public async Task FailedHandshakesAreLoggedQuietly_NotAsAnErrorStorm()
    {
        using var certificate = new TestCertificate();
        var port = FreePort.Pick();
        var settings = certificate.EndpointSettings(EndpointNames.Tcps).ToDictionary(s => s.Key, s => s.Value!);
        settings["Kestrel:Endpoints:Tcps:Url"] = $"https://127.0.0.1:{port}";
        using var database = new TestDatabase();
        settings[TestDatabase.SettingKey] = database.ConnectionString;
        await using var gateway = await GatewayProcess.StartAsync(settings);

        for (var i = 0; i < 5; i++)
        {
            using var junk = new TcpClient();
            await junk.ConnectAsync("127.0.0.1", port);
            await junk.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"));
            Assert.True(await ClosedByServerAsync(junk.GetStream()));
        }

        await using (var secure = await TcpChatClient.ConnectTlsAsync(port, certificate.Certificate))
        {
            await secure.SendLineAsync("after the junk");
        }

        await gateway.StopAsync(); // every line it logged is then in Output
        Assert.DoesNotContain(gateway.Output.Split('\n'), line => line.Contains(" WRN]", StringComparison.Ordinal) || line.Contains(" ERR]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHandshakeThatNeverFinishesIsCutOff()
    {
        using var certificate = new TestCertificate();
        var settings = certificate.EndpointSettings(EndpointNames.Tcps);
        settings["Limits:TlsHandshakeSeconds"] = "1";
        await using var server = ChatServer.Start(settings);

        using var silent = new TcpClient();
        await silent.ConnectAsync("127.0.0.1", server.Port(EndpointNames.Tcps));

        Assert.True(await ClosedByServerAsync(silent.GetStream()));
    }

    [Fact]
    public async Task ARenewedCertificateIsServedWithoutARestart()
    {
        using var certificate = new TestCertificate();
        var settings = certificate.EndpointSettings(EndpointNames.Tcps);
        settings["Kestrel:Endpoints:Tcps:Url"] = $"https://127.0.0.1:{FreePort.Pick()}";
        await using var server = ChatServer.Start(settings);
        await using (var first = await TcpChatClient.ConnectTlsAsync(server.Port(EndpointNames.Tcps), certificate.Certificate))
        {
            Assert.Equal(certificate.Certificate.Thumbprint, first.Tls!.RemoteCertificate!.GetCertHashString());
        }

        var renewed = certificate.Renew();

        var seen = await Eventually.WaitForAsync(
            () => ServedThumbprintAsync(server.Port(EndpointNames.Tcps)),
            thumbprint => thumbprint == renewed.Thumbprint);
        Assert.Equal(renewed.Thumbprint, seen);
    }

    [Fact]
    public async Task ThePlainTcpEndpointCanBeSwitchedOff_LeavingOnlyTls()
    {
        using var certificate = new TestCertificate();
        var settings = certificate.EndpointSettings(EndpointNames.Tcps);
        settings["Kestrel:Endpoints:Tcp:Enabled"] = "false";
        await using var server = ChatServer.Start(settings);
        using var http = server.CreateHttpClient();

        Assert.DoesNotContain(EndpointNames.Tcp, server.Services.GetRequiredService<BoundEndpoints>().Names);
        await using var secure = await TcpChatClient.ConnectTlsAsync(server.Port(EndpointNames.Tcps), certificate.Certificate);
        Assert.Equal(System.Net.HttpStatusCode.OK, await Probes.ReadinessAsync(http));
    }

    [Fact]
    public async Task AnHttpsUrlIsRequiredForTheTlsEndpoint()
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var server = ChatServer.Start(new Dictionary<string, string?> { ["Kestrel:Endpoints:Tcps:Url"] = "http://127.0.0.1:0" });
        });

        Assert.Contains("https://", error.ToString(), StringComparison.Ordinal);
    }

    // What certificate the endpoint serves now, or null while it is being rebound.
    private static async Task<string?> ServedThumbprintAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
#pragma warning disable CA5359 // This probe only reads which certificate is served; it sends nothing.
            await using var tls = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
#pragma warning restore CA5359
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
            return tls.RemoteCertificate?.GetCertHashString();
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
        {
            return null;
        }
    }

    // Reads until the server closes the connection (true), or gives up after the event timeout (false).
    // What arrives meanwhile, a TLS alert at most, is read and dropped.
    private static async Task<bool> ClosedByServerAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true; // reset: closed all the same
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
