using System.Net.Http.Json;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Doubles;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.ScaleOut;

/// <summary>A room's history on a node that does not hold it yet, while its messages still reach that node.</summary>
public sealed class ScaleOutRoomHistoryTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    [Fact]
    public async Task ALineOnItsWayToANodeWhenSomeoneThereJoinsItsRoom_ArrivesOnceLive_NotAlsoAsHistory()
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        var deliveries = new HeldDeliveries();
        await using var a = ChatServer.Start(redis.NodeSettings(prefix));
        await using var b = ChatServer.Start(redis.NodeSettings(prefix), deliveries.ReplaceIn);
        await using var speaker = await a.ConnectWebAsync();
        await using var joiner = await b.ConnectWebAsync();
        await speaker.JoinAsync("#far");
        await speaker.SendToAsync("#far", "before");
        await speaker.WaitForTextAsync("before");

        IReadOnlyList<ChatMessage> history;
        using (deliveries.Batches.Hold(batch => batch.Any(m => m.Text == "on its way")))
        {
            // In Redis and delivered on A; read on B but not yet delivered there.
            await speaker.SendToAsync("#far", "on its way");
            await speaker.WaitForTextAsync("on its way");
            await deliveries.Batches.NextAsync();
            history = await joiner.JoinAsync("#far");
        }

        await joiner.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == joiner.Nick && m.Room == "#far");
        var live = joiner.Received.Where(m => m.Room == "#far").ToList();
        Assert.DoesNotContain(history, m => m.Text == "on its way");
        using var http = b.CreateHttpClient();
        var stored = await http.GetFromJsonAsync<List<ChatMessage>>(new Uri("/api/messages?room=%23far", UriKind.Relative));
        Assert.Equal(Ids(stored!), [.. Ids(history), .. Ids(live)]);
    }

    private static List<long> Ids(IEnumerable<ChatMessage> messages) => [.. messages.Select(m => m.Id)];
}
