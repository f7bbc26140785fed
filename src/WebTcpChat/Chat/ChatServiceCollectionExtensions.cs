using Microsoft.Extensions.Options;
using WebTcpChat.Chat.Rooms;
using WebTcpChat.Observability;
using WebTcpChat.Storage;

namespace WebTcpChat.Chat;

internal static class ChatServiceCollectionExtensions
{
    /// <summary>
    /// The transport-free chat core. Its log, nickname registry and store are chosen by
    /// <c>AddChatBackend</c>: in-process and SQLite, or shared through Redis.
    /// </summary>
    public static IServiceCollection AddChatCore(this IServiceCollection services)
    {
        services.AddValidatedOptions<ChatOptions>(ChatOptions.SectionName);
        services.AddValidatedOptions<LimitsOptions>(LimitsOptions.SectionName);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChatMetrics>();
        services.AddSingleton<Presence>();
        services.AddSingleton<ChatLogReadiness>();
        services.AddSingleton<RecentHistory>();
        services.AddSingleton<ChatDispatcher>();
        services.AddSingleton<FloodGate>();
        services.AddSingleton<IMessageSink>(sp => sp.GetRequiredService<ChatDispatcher>());
        services.AddSingleton<ChatEvents>();
        services.AddSingleton<RoomMembership>();
        services.AddSingleton<ChatService>();
        services.AddChatStorage();
        return services;
    }

    /// <summary>
    /// The goodbye on Ctrl+C or SIGTERM. Register it after everything else: hosted services stop in
    /// reverse order, so it runs before the log drains the users' leave events.
    /// </summary>
    public static IServiceCollection AddChatShutdown(this IServiceCollection services) =>
        services.AddHostedService<ChatShutdown>();

    /// <summary>Binds a section, refusing unknown keys and invalid values at start-up, naming the key.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>()
            .BindConfiguration(section, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
