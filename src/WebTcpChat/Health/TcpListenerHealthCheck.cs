using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebTcpChat.Hosting;

namespace WebTcpChat.Health;

/// <summary>Ready only once the TCP chat endpoint is bound (or when it is switched off in configuration).</summary>
internal sealed class TcpListenerHealthCheck(BoundEndpoints endpoints, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The server is still starting."));
        }

        if (!endpoints.Names.Contains(EndpointNames.Tcp, StringComparer.OrdinalIgnoreCase))
        {
            return Task.FromResult(HealthCheckResult.Healthy("No TCP endpoint is configured."));
        }

        return Task.FromResult(endpoints.Get(EndpointNames.Tcp) is { Port: > 0 } bound
            ? HealthCheckResult.Healthy($"The TCP chat listens on {bound}.")
            : HealthCheckResult.Unhealthy("The TCP chat endpoint is not bound."));
    }
}
