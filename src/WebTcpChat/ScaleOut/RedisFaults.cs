using StackExchange.Redis;

namespace WebTcpChat.ScaleOut;

/// <summary>Which Redis failures pass by themselves, so that the same command is worth sending again.</summary>
internal static class RedisFaults
{
    /// <summary>
    /// True when Redis was not reached (no connection, which StackExchange.Redis reports as
    /// <see cref="RedisConnectionException"/> also while the multiplexer is reconnecting), did not
    /// answer in time, or turned the command away for a moment without running it (still loading its
    /// data after a restart, busy with another script, a failover under way). False for an error of
    /// the command itself (a script error, WRONGTYPE, ...): sent again, it would fail again.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException server => server.Kind is RedisErrorKind.Loading or RedisErrorKind.Busy or RedisErrorKind.MasterDown
            or RedisErrorKind.TryAgain or RedisErrorKind.ClusterDown or RedisErrorKind.ReadOnly,
        _ => false,
    };
}
