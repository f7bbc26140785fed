using Microsoft.AspNetCore.Http;
using WebTcpChat.Hosting;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Page;

public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task ThePageIsServedWithAStrictContentSecurityPolicy()
    {
        await using var server = ChatServer.Start();
        using var http = server.CreateHttpClient();

        using var response = await http.GetAsync(new Uri("/", UriKind.Relative));

        response.EnsureSuccessStatusCode();
        var policy = Directives(string.Join(' ', response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(["'self'"], policy["script-src"]);
        Assert.Equal(["'self'"], policy["style-src"]);
        Assert.Equal(["'none'"], policy["default-src"]);
        Assert.Equal(["'none'"], policy["object-src"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Contains($"ws://{server.HttpAddress.Authority}", policy["connect-src"]);
        Assert.DoesNotContain(policy.Values.SelectMany(v => v), source => source.Contains("unsafe", StringComparison.Ordinal));
        Assert.Equal("nosniff", string.Join(',', response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(',', response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public void AHostHeaderThatCouldEndADirectiveIsLeftOutOfThePolicy()
    {
        var policy = SecurityHeaders.ContentSecurityPolicy(new HostString("evil.example; script-src *"));

        Assert.DoesNotContain("evil", policy, StringComparison.Ordinal);
        Assert.EndsWith("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("ws://[::1]:5000", SecurityHeaders.ContentSecurityPolicy(new HostString("[::1]:5000")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/lib/signalr.min.js", "text/javascript")]
    [InlineData("/js/main.js", "text/javascript")]
    [InlineData("/css/base.css", "text/css")]
    public async Task ThePagesFilesAreServed_TheSignalRClientAmongThemFromTheBuild(string path, string contentType)
    {
        await using var server = ChatServer.Start();
        using var http = server.CreateHttpClient();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        response.EnsureSuccessStatusCode();
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    private static Dictionary<string, string[]> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => parts[1..]);
}
