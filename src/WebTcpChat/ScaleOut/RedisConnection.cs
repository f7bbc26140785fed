using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WebTcpChat.ScaleOut;

/// <summary>
/// This node's connection to the shared Redis, and its identity. StackExchange.Redis reconnects by
/// itself; the connection is made so that a Redis that is down at start-up does not stop the node.
/// </summary>
internal sealed partial class RedisConnection(
    IConfiguration configuration, IOptions<RedisOptions> options, ILogger<RedisConnection> logger) : IHostedService, IAsyncDisposable
{
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>Unique per process, so a restarted node is never mistaken for its former self.</summary>
    public string NodeId { get; } = $"{SafeMachineName()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    public RedisKeys Keys { get; } = new(options.Value.Prefix);

    public IConnectionMultiplexer Multiplexer => _multiplexer ?? throw new InvalidOperationException("Redis is not connected yet.");

    public IDatabase Database => Multiplexer.GetDatabase();

    public bool IsConnected => _multiplexer?.IsConnected ?? false;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = ConfigurationOptions.Parse(configuration.GetConnectionString(RedisOptions.ConnectionStringName)!);
        settings.AbortOnConnectFail = false;
        // Back within a second or two of Redis returning, rather than after an exponential back-off.
        settings.ReconnectRetryPolicy = new LinearRetry(1_000);
        settings.ClientName = $"webtcpchat-{NodeId}";
        _multiplexer = await ConnectionMultiplexer.ConnectAsync(settings).ConfigureAwait(false);
        LogConnecting(logger, NodeId, Keys.Prefix, _multiplexer.IsConnected);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string SafeMachineName() =>
        new(Environment.MachineName.Where(char.IsAsciiLetterOrDigit).Take(24).ToArray());

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Node {NodeId} joining the shared chat under Redis prefix {Prefix} (connected: {Connected})")]
    private static partial void LogConnecting(ILogger logger, string nodeId, string prefix, bool connected);
}
