using Microsoft.Extensions.Options;
using WebTcpChat.Chat.Nicknames;
using WebTcpChat.Observability;
using WebTcpChat.Storage;

namespace WebTcpChat.Chat;

internal static class ChatServiceCollectionExtensions
{
    /// <summary>The transport-free chat core, with the in-process log and nickname registry.</summary>
    public static IServiceCollection AddChatCore(this IServiceCollection services)
    {
        services.AddValidatedOptions<ChatOptions>(ChatOptions.SectionName);
        services.AddValidatedOptions<LimitsOptions>(LimitsOptions.SectionName);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ChatMetrics>();
        services.AddSingleton<Presence>();
        services.AddSingleton(sp => new RecentHistory(sp.GetRequiredService<IOptions<ChatOptions>>().Value.RecentMessages));
        services.AddSingleton<ChatDispatcher>();
        services.AddSingleton<IMessageSink>(sp => sp.GetRequiredService<ChatDispatcher>());
        services.AddSingleton<INickRegistry, InProcessNickRegistry>();
        services.AddSingleton<InProcessChatLog>();
        services.AddSingleton<IChatLog>(sp => sp.GetRequiredService<InProcessChatLog>());
        services.AddSingleton<ChatService>();
        services.AddChatStorage();

        // Order matters: hosted services stop in reverse, so the goodbye runs before the log drains.
        services.AddHostedService(sp => sp.GetRequiredService<InProcessChatLog>());
        services.AddHostedService<ChatShutdown>();
        return services;
    }

    /// <summary>Binds a section, refusing unknown keys and invalid values at start-up, naming the key.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>()
            .BindConfiguration(section, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
