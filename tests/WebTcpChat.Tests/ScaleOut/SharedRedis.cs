using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.ScaleOut;

/// <summary>One redis-server for a test class; each test keeps to its own key prefix.</summary>
public sealed class SharedRedis : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Settings for a node of the chat under <paramref name="prefix"/>, with quick heartbeats.</summary>
    public Dictionary<string, string?> NodeSettings(string prefix) => new()
    {
        ["ConnectionStrings:Redis"] = Server.ConnectionString,
        ["Redis:Prefix"] = prefix,
        ["Redis:HeartbeatSeconds"] = "1",
        ["Redis:NodeTimeoutSeconds"] = "3",
    };
}
