using System.Net;
using Microsoft.Extensions.Options;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Gateway;

public sealed class LifecycleTests
{
    [Fact]
    public async Task StoppingTheServerSaysGoodbyeAndClosesEveryConnectionPromptly()
    {
        var server = ChatServer.Start();
        await using var tcp = await server.ConnectTcpAsync();
        await using var web = await server.ConnectWebAsync();

        var stopping = server.DisposeAsync().AsTask();

        var lines = await tcp.ReadUntilClosedAsync();
        Assert.Contains(lines, line => line.Contains("Server shutting down", StringComparison.Ordinal));
        await web.Closed.WaitAsync(Timeouts.Event);
        await stopping.WaitAsync(Timeouts.Event);
    }

    [Theory]
    [InlineData("Limits:MaxLineBytes", "-1", "Limits:MaxLineBytes")]
    [InlineData("Limits:SendQueueBytes", "lots", "Limits:SendQueueBytes")]
    [InlineData("Chat:HistoryOnConnect", "100000", "Chat:HistoryOnConnect")]
    [InlineData("Tcp:QuietFlushMilliseconds", "0", "Tcp:QuietFlushMilliseconds")]
    public void ABadSettingStopsStartUpWithAMessageNamingIt(string key, string value, string named)
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var server = ChatServer.Start(new Dictionary<string, string?> { [key] = value });
        });

        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void AMisspelledSettingStopsStartUp()
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var server = ChatServer.Start(new Dictionary<string, string?> { ["Limits:MaxLinesBytes"] = "10" });
        });

        Assert.Contains("MaxLinesBytes", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageIsServedFromTheRepositorysWwwroot()
    {
        await using var server = ChatServer.Start();
        using var http = server.CreateHttpClient();

        using var response = await http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("WebTcpChat", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) => error switch
    {
        AggregateException aggregate => string.Join('\n', aggregate.InnerExceptions.Select(Flatten)),
        OptionsValidationException validation => string.Join('\n', validation.Failures),
        _ => error.Message + (error.InnerException is null ? "" : "\n" + Flatten(error.InnerException)),
    };
}
