using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebTcpChat.ScaleOut;

namespace WebTcpChat.Health;

/// <summary>When the chat is shared through Redis: ready only while this node is connected to it.</summary>
internal sealed class SharedChatHealthCheck(ChatBackend backend, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!backend.IsShared)
        {
            return Task.FromResult(HealthCheckResult.Healthy("This node runs alone."));
        }

        return Task.FromResult(services.GetRequiredService<RedisConnection>().IsConnected
            ? HealthCheckResult.Healthy("Connected to the shared chat's Redis.")
            : HealthCheckResult.Unhealthy("Redis is unreachable: the chat is degraded."));
    }
}
