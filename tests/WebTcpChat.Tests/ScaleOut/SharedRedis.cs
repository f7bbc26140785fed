using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.ScaleOut;

/// <summary>One redis-server for a test class; each test keeps to its own key prefix.</summary>
public sealed class SharedRedis : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("redis-server did not start.");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync(); // null when InitializeAsync failed: RedisServer cleaned up itself
        }
    }

    /// <summary>Settings for a node of the chat under <paramref name="prefix"/>, with quick heartbeats.</summary>
    public Dictionary<string, string?> NodeSettings(string prefix) => new()
    {
        ["ConnectionStrings:Redis"] = Server.ConnectionString,
        ["Redis:Prefix"] = prefix,
        ["Redis:HeartbeatSeconds"] = "1",
        ["Redis:NodeTimeoutSeconds"] = "3",
    };
}
