using WebTcpChat.Chat;

namespace WebTcpChat.Tcp;

internal static class TcpServiceCollectionExtensions
{
    /// <summary>The raw TCP line protocol; Kestrel's <c>Tcp</c> endpoint routes connections to it.</summary>
    public static IServiceCollection AddTcpChat(this IServiceCollection services)
    {
        services.AddValidatedOptions<TcpOptions>(TcpOptions.SectionName);
        services.AddSingleton<TcpChatConnectionHandler>();
        services.AddSingleton<TcpConnectionLimiter>();
        return services;
    }
}
