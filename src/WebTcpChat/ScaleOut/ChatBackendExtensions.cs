using WebTcpChat.Chat;
using WebTcpChat.Chat.Nicknames;
using WebTcpChat.Chat.Rooms;
using WebTcpChat.Storage;

namespace WebTcpChat.ScaleOut;

internal static class ChatBackendExtensions
{
    /// <summary>
    /// Where the chat's one order, its nicknames and its history live. With no
    /// <c>ConnectionStrings:Redis</c>: in this process, history in SQLite; the node runs alone. With
    /// it: in Redis, shared by every node on it, so they form one chat. The choice is made when the
    /// services are first resolved, from the final configuration.
    /// </summary>
    public static IServiceCollection AddChatBackend(this IServiceCollection services)
    {
        services.AddSingleton<ChatBackend>();

        services.AddSingleton<InProcessNickRegistry>();
        services.AddSingleton<InProcessRoomDirectory>();
        services.AddSqliteStore();
        services.AddSingleton<InProcessChatLog>();

        services.AddValidatedOptions<RedisOptions>(RedisOptions.SectionName);
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisNickRegistry>();
        services.AddSingleton<RedisRoomDirectory>();
        services.AddSingleton<RedisMessageStore>();
        services.AddSingleton<NodeMembership>();
        services.AddSingleton<RefusedBatch>();
        services.AddSingleton<RedisChatLog>();

        services.AddSingleton<INickRegistry>(sp => sp.GetRequiredService<ChatBackend>().IsShared
            ? sp.GetRequiredService<RedisNickRegistry>()
            : sp.GetRequiredService<InProcessNickRegistry>());
        services.AddSingleton<IRoomDirectory>(sp => sp.GetRequiredService<ChatBackend>().IsShared
            ? sp.GetRequiredService<RedisRoomDirectory>()
            : sp.GetRequiredService<InProcessRoomDirectory>());
        services.AddSingleton<IMessageStore>(sp => sp.GetRequiredService<ChatBackend>().IsShared
            ? sp.GetRequiredService<RedisMessageStore>()
            : sp.GetRequiredService<SqliteMessageStore>());
        services.AddSingleton<IChatLog>(sp => sp.GetRequiredService<ChatBackend>().IsShared
            ? sp.GetRequiredService<RedisChatLog>()
            : sp.GetRequiredService<InProcessChatLog>());
        services.AddHostedService<ChatBackendHost>();
        return services;
    }
}
