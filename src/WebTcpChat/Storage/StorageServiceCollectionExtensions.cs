using WebTcpChat.Chat;

namespace WebTcpChat.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>The embedded SQLite store, its fault policy, retention, and history reads.</summary>
    public static IServiceCollection AddChatStorage(this IServiceCollection services)
    {
        services.AddValidatedOptions<StorageOptions>(StorageOptions.SectionName);
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<IMessageStore, SqliteMessageStore>();
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<StoreWriter>();
        services.AddSingleton<HistoryReader>();
        services.AddHostedService<StorageMaintenance>();
        return services;
    }
}
