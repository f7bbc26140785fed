namespace WebTcpChat.Health;

internal static class HealthExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>Liveness (the process answers) and readiness (TCP bound, log loaded, store writable).</summary>
    public static IServiceCollection AddChatHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<TcpListenerHealthCheck>("tcp-listener", tags: [ReadyTag])
            .AddCheck<ChatLogHealthCheck>("chat-log", tags: [ReadyTag])
            .AddCheck<SharedChatHealthCheck>("shared-chat", tags: [ReadyTag])
            .AddCheck<StorageHealthCheck>("message-store", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapChatHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
