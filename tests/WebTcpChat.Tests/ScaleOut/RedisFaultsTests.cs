using StackExchange.Redis;
using WebTcpChat.ScaleOut;

namespace WebTcpChat.Tests.ScaleOut;

public sealed class RedisFaultsTests
{
    [Fact]
    public void NoConnectionATimeoutOrARedisThatIsUnavailableForAMomentIsWorthRetrying()
    {
        Assert.True(RedisFaults.IsTransient(new RedisConnectionException(
            ConnectionFailureType.UnableToConnect, CommandFlags.None, "No connection is active/available to service this operation", null, CommandStatus.WaitingToBeSent)));
        Assert.True(RedisFaults.IsTransient(new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent)));
        Assert.True(RedisFaults.IsTransient(Server(RedisErrorKind.Loading, "LOADING Redis is loading the dataset in memory")));
        Assert.True(RedisFaults.IsTransient(Server(RedisErrorKind.Busy, "BUSY Redis is busy running a script.")));
    }

    [Fact]
    public void AnErrorOfTheCommandItselfIsNotRetried()
    {
        Assert.False(RedisFaults.IsTransient(Server(RedisErrorKind.WrongType, "WRONGTYPE Operation against a key holding the wrong kind of value")));
        Assert.False(RedisFaults.IsTransient(Server(RedisErrorKind.UnknownError, "ERR Error running script (call to f_0): user_script:1: attempt to compare nil with number")));
        Assert.False(RedisFaults.IsTransient(new RedisCommandException("Command cannot be issued to a replica")));
        Assert.False(RedisFaults.IsTransient(new InvalidOperationException("Redis is not connected yet.")));
    }

    private static RedisServerException Server(RedisErrorKind kind, string message) => new(kind, CommandFlags.None, message);
}
