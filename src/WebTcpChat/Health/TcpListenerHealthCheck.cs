using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebTcpChat.Hosting;

namespace WebTcpChat.Health;

/// <summary>Ready only once the TCP chat endpoints (plain and TLS, those configured) are bound.</summary>
internal sealed class TcpListenerHealthCheck(BoundEndpoints endpoints, IHostApplicationLifetime lifetime) : IHealthCheck
{
    private static readonly string[] ChatEndpoints = [EndpointNames.Tcp, EndpointNames.Tcps];

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The server is still starting."));
        }

        var configured = ChatEndpoints.Where(name => endpoints.Names.Contains(name, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (configured.Length == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No TCP chat endpoint is configured."));
        }

        var unbound = configured.Where(name => endpoints.Get(name) is not { Port: > 0 }).ToArray();
        return Task.FromResult(unbound.Length == 0
            ? HealthCheckResult.Healthy($"The TCP chat listens on {string.Join(", ", configured.Select(name => $"{name} {endpoints.Get(name)}"))}.")
            : HealthCheckResult.Unhealthy($"TCP chat endpoints not bound: {string.Join(", ", unbound)}."));
    }
}
