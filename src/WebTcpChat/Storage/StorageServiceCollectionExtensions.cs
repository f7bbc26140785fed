using WebTcpChat.Chat;

namespace WebTcpChat.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>What every store shares: the write policy, its health, retention, and history reads.</summary>
    public static IServiceCollection AddChatStorage(this IServiceCollection services)
    {
        services.AddValidatedOptions<StorageOptions>(StorageOptions.SectionName);
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<StoreWriter>();
        services.AddSingleton<HistoryReader>();
        services.AddSingleton<RecentHistoryLoader>();
        services.AddHostedService<StorageMaintenance>();
        return services;
    }

    /// <summary>The embedded store: SQLite in the file named by <c>ConnectionStrings:Chat</c>.</summary>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services)
    {
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<SqliteMessageStore>();
        return services;
    }
}
