using WebTcpChat.Chat;

namespace WebTcpChat.ScaleOut;

/// <summary>
/// Starts the chosen backend's background parts in order (the Redis connection before what uses it)
/// and stops them in reverse, so the log drains while Redis is still there.
/// </summary>
internal sealed class ChatBackendHost(IServiceProvider services, ChatBackend backend) : IHostedService
{
    private IHostedService[] _parts = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _parts = backend.IsShared
            ? [services.GetRequiredService<RedisConnection>(), services.GetRequiredService<NodeMembership>(), services.GetRequiredService<RedisChatLog>()]
            : [services.GetRequiredService<InProcessChatLog>()];
        foreach (var part in _parts)
        {
            await part.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var part in _parts.Reverse())
        {
            await part.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
