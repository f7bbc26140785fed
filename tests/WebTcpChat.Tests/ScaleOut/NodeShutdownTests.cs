using Microsoft.Extensions.DependencyInjection;
using WebTcpChat.ScaleOut;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.ScaleOut;

public sealed class NodeShutdownTests
{
    [Fact]
    public async Task ANodeStopsCleanly_EvenWhenItsRedisConnectionWasDisposedFirst()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Redis:Prefix"] = $"t{Guid.NewGuid():N}:",
        });
        await using (var tcp = await server.ConnectTcpAsync())
        {
            await tcp.SendLineAsync("hello before the end");
        }

        // What a host disposed while it is still stopping does: the container disposes the connection
        // before the node has said goodbye on it.
        await server.Services.GetRequiredService<RedisConnection>().DisposeAsync();

        await server.DisposeAsync(); // stops the node: its goodbye must not throw (disposing again is a no-op)
    }
}
