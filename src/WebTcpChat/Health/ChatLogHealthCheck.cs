using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebTcpChat.Chat;

namespace WebTcpChat.Health;

/// <summary>Ready only once the log knows where the chat stands (loaded from the store or the shared log).</summary>
internal sealed class ChatLogHealthCheck(ChatLogReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy("The chat's log is loaded.")
            : HealthCheckResult.Unhealthy("The chat's log is still loading."));
}
