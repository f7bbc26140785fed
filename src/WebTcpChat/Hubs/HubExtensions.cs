using Microsoft.AspNetCore.SignalR;

namespace WebTcpChat.Hubs;

internal static class HubExtensions
{
    public const string HubPath = "/hubs/chat";

    /// <summary>SignalR for browsers and bots, JSON (camelCase, enums as lower-case strings).</summary>
    public static IServiceCollection AddWebChat(this IServiceCollection services)
    {
        services.AddSignalR()
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new CachedChatMessageConverter()));
        services.AddSingleton<HubLifetimeManager<ChatHub>, ChatHubLifetimeManager>();
        services.AddHubLimits();
        return services;
    }

    public static IEndpointRouteBuilder MapChatHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<ChatHub>(HubPath).RequireAllowedOrigin();
        return endpoints;
    }
}
