using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebTcpChat.Storage;

namespace WebTcpChat.Health;

/// <summary>Ready only while the message store takes writes: a node that cannot keep history should not get new users.</summary>
internal sealed class StorageHealthCheck(StorageHealth storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(storage.IsHealthy
            ? HealthCheckResult.Healthy("The message store takes writes.")
            : HealthCheckResult.Unhealthy(
                $"The message store is failing ({storage.Fault}); {storage.PendingMessages} messages wait to be written."));
}
