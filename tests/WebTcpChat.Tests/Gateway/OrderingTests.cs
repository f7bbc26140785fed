using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Gateway;

public sealed class OrderingTests
{
    private const int LinesPerSender = 100;

    [Fact]
    public async Task EveryoneSeesEveryMessageOnceInOneOrder()
    {
        await using var server = ChatServer.Start();
        var webs = new List<WebChatClient>();
        var tcps = new List<TcpChatClient>();
        for (var i = 0; i < 3; i++)
        {
            webs.Add(await server.ConnectWebAsync());
            tcps.Add(await server.ConnectTcpAsync());
        }

        // An observer on each side that sends nothing, so it must see every line.
        await using var webObserver = await server.ConnectWebAsync();
        await using var tcpObserver = await server.ConnectTcpAsync();

        var senders = tcps.Select(tcp => SendManyAsync(tcp.Nick, tcp.SendLineAsync))
            .Concat(webs.Select(web => SendManyAsync(web.Nick, web.SendAsync)));
        await Task.WhenAll(senders);

        var expectedCount = LinesPerSender * 6;
        var webOrder = new List<string>();
        while (webOrder.Count < expectedCount)
        {
            var message = await webObserver.WaitForMessageAsync(m => m.Kind == MessageKind.Text);
            webOrder.Add(message.Text);
        }

        var ids = webObserver.Received.Where(m => m.Kind == MessageKind.Text).Select(m => m.Id).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var tcpOrder = new List<string>();
        while (tcpOrder.Count < expectedCount)
        {
            var line = await tcpObserver.WaitForLineAsync(l => l.Contains(" line ", StringComparison.Ordinal));
            tcpOrder.Add(line[(line.IndexOf("> ", StringComparison.Ordinal) + 2)..]);
        }

        Assert.Equal(webOrder, tcpOrder);
        Assert.Equal(expectedCount, webOrder.Distinct().Count());
        foreach (var sender in webs.Select(w => w.Nick).Concat(tcps.Select(t => t.Nick)))
        {
            // Each sender's own lines keep the order they were sent in.
            var own = webOrder.Where(text => text.StartsWith(sender + " ", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, LinesPerSender).Select(i => $"{sender} line {i}"), own);
        }

        foreach (var client in webs)
        {
            await client.DisposeAsync();
        }

        foreach (var client in tcps)
        {
            await client.DisposeAsync();
        }
    }

    private static async Task SendManyAsync(string nick, Func<string, Task> send)
    {
        for (var i = 0; i < LinesPerSender; i++)
        {
            await send($"{nick} line {i}");
        }
    }
}
