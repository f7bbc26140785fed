namespace WebTcpChat.ScaleOut;

/// <summary>Which backend this node uses, decided from the final configuration.</summary>
internal sealed class ChatBackend(IConfiguration configuration)
{
    public bool IsShared { get; } = !string.IsNullOrWhiteSpace(configuration.GetConnectionString(RedisOptions.ConnectionStringName));
}
