using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Rooms;

namespace WebTcpChat.ScaleOut;

/// <summary>
/// This node's place among the others: a heartbeat (a key that expires unless renewed), the reaping
/// of nodes that died without a goodbye (their users leave, with events, and their names are freed),
/// and telling local users when the shared chat is degraded and when it recovered. A node that comes
/// back from a partition after it was reaped re-announces its users.
/// </summary>
internal sealed partial class NodeMembership(
    RedisConnection redis,
    IChatLog log,
    ChatService chat,
    ChatDispatcher dispatcher,
    TimeProvider clock,
    IOptions<RedisOptions> options,
    IOptions<ChatOptions> chatOptions,
    ILogger<NodeMembership> logger) : BackgroundService
{
    public const string DegradedNotice =
        "The chat is degraded: its shared server cannot be reached. Lines you send are held and delivered, in order, once it is back.";

    public const string RecoveredNotice = "The chat has recovered.";

    private const string LostNodeReason = "Connection lost: their server node stopped";

    private int _degraded;
    private volatile bool _reconcile;
    private DateTimeOffset _connectedSince;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A goodbye: the node's users have left by now; others need not wait to reap it.
            var db = redis.Database;
            await db.KeyDeleteAsync(redis.Keys.NodeAlive(redis.NodeId)).ConfigureAwait(false);
            await db.SetRemoveAsync(redis.Keys.Nodes, redis.NodeId).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Unreachable at shutdown, or the connection already disposed (a host disposed while it
            // was still stopping): the others reap this node when its heartbeat expires.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.Multiplexer.ConnectionFailed += OnConnectionFailed;
        redis.Multiplexer.ConnectionRestored += OnConnectionRestored;
        _connectedSince = clock.GetUtcNow();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.HeartbeatSeconds), clock);
        try
        {
            do
            {
                try
                {
                    await HeartbeatAsync().ConfigureAwait(false);
                    if (_reconcile)
                    {
                        _reconcile = false;
                        await ReannounceIfReapedAsync(stoppingToken).ConfigureAwait(false);
                    }

                    // Right after a reconnect, give the other nodes a chance to renew their heartbeats.
                    if (clock.GetUtcNow() - _connectedSince > TimeSpan.FromSeconds(options.Value.NodeTimeoutSeconds))
                    {
                        await ReapDeadNodesAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException or ChatUnavailableException)
                {
                    LogHeartbeatFailed(logger, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            redis.Multiplexer.ConnectionFailed -= OnConnectionFailed;
            redis.Multiplexer.ConnectionRestored -= OnConnectionRestored;
        }
    }

    private async Task HeartbeatAsync()
    {
        var db = redis.Database;
        var alive = db.StringSetAsync(redis.Keys.NodeAlive(redis.NodeId), "1", TimeSpan.FromSeconds(options.Value.NodeTimeoutSeconds));
        var member = db.SetAddAsync(redis.Keys.Nodes, redis.NodeId);
        await Task.WhenAll(alive, member).ConfigureAwait(false);
    }

    private async Task ReapDeadNodesAsync(CancellationToken cancellationToken)
    {
        var db = redis.Database;
        foreach (var node in await db.SetMembersAsync(redis.Keys.Nodes).ConfigureAwait(false))
        {
            var name = (string)node!;
            if (name == redis.NodeId || await db.KeyExistsAsync(redis.Keys.NodeAlive(name)).ConfigureAwait(false))
            {
                continue;
            }

            // One reaper per dead node at a time: the node that takes the key reaps, every round, until
            // the dead node is forgotten. The key is not renewed: it lapses after 30 s, so if the reaper
            // dies too, another node takes over. Leaves that two rounds (or two reapers, around a
            // takeover) both send go in once: the log drops them once the name is freed.
            var reaper = redis.Keys.Reaper(name);
            var mine = await db.StringSetAsync(reaper, redis.NodeId, TimeSpan.FromSeconds(30), When.NotExists).ConfigureAwait(false)
                || await db.StringGetAsync(reaper).ConfigureAwait(false) == redis.NodeId;
            if (mine)
            {
                await ReapAsync(name, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ReapAsync(string node, CancellationToken cancellationToken)
    {
        var db = redis.Database;
        var names = await db.SetMembersAsync(redis.Keys.NodeNicks(node)).ConfigureAwait(false);
        if (names.Length == 0)
        {
            // Everyone has left (the leave events freed their names): forget the node.
            await db.SetRemoveAsync(redis.Keys.Nodes, node).ConfigureAwait(false);
            await db.KeyDeleteAsync([redis.Keys.NodeNicks(node), redis.Keys.AppliedBatch(node), redis.Keys.Reaper(node)]).ConfigureAwait(false);
            LogForgotten(logger, node);
            return;
        }

        var leaving = 0;
        foreach (var key in names)
        {
            var holder = await db.StringGetAsync((string)key!).ConfigureAwait(false);
            if (holder.HasValue && NickHolder.TryParse(holder!, out var user) && user.Node == node)
            {
                // A leave in each of the user's rooms, the default room's last: the log frees the name
                // with that one, and drops each of them once the name is free (an earlier round's or
                // another reaper's leaves went in first), so no one leaves a room twice.
                var rooms = await db.SetMembersAsync(redis.Keys.UserRooms(redis.Keys.NickKeyOf((string)key!))).ConfigureAwait(false);
                foreach (var room in rooms.Select(room => (string)room!).Where(room => RoomNames.Key(room) != RoomNames.Key(chatOptions.Value.DefaultRoom)))
                {
                    await log.AppendAsync(
                        new MessageDraft(user.Nick, user.Source, MessageKind.Leave, LostNodeReason, user.Session, OriginNode: node, Room: room),
                        cancellationToken).ConfigureAwait(false);
                }

                await log.AppendAsync(
                    new MessageDraft(user.Nick, user.Source, MessageKind.Leave, LostNodeReason, user.Session, ReleasesNick: true, OriginNode: node, Room: chatOptions.Value.DefaultRoom),
                    cancellationToken).ConfigureAwait(false);
                leaving++;
            }
            else
            {
                await db.SetRemoveAsync(redis.Keys.NodeNicks(node), key).ConfigureAwait(false);
            }
        }

        LogReaped(logger, node, leaving);
    }

    // After a partition, this node may have been taken for dead: its users' names freed, and everyone
    // told they left. If so, claim the names again (or new ones) and announce the users once more.
    private async Task ReannounceIfReapedAsync(CancellationToken cancellationToken)
    {
        foreach (var session in dispatcher.Sessions)
        {
            var holder = await redis.Database.StringGetAsync(redis.Keys.Nick(session.Nick)).ConfigureAwait(false);
            if (!holder.HasValue || !((string)holder!).StartsWith(RedisKeys.Owner(redis.NodeId, session.Id), StringComparison.Ordinal))
            {
                await chat.RejoinAsync(session, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive && Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogDegraded(logger, e.FailureType, e.Exception?.Message);
            dispatcher.NoticeAll(DegradedNotice);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive && Interlocked.Exchange(ref _degraded, 0) == 1)
        {
            LogRecovered(logger);
            _connectedSince = clock.GetUtcNow();
            _reconcile = true;
            dispatcher.NoticeAll(RecoveredNotice);
        }
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Error, Message = "Lost Redis ({FailureType}: {Reason}); the chat is degraded until it is back")]
    private static partial void LogDegraded(ILogger logger, ConnectionFailureType failureType, string? reason);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "Redis is back; the chat has recovered")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(EventId = 422, Level = LogLevel.Warning, Message = "Node {Node} stopped without a goodbye: {Count} of its users leave")]
    private static partial void LogReaped(ILogger logger, string node, int count);

    [LoggerMessage(EventId = 423, Level = LogLevel.Information, Message = "Dead node {Node} forgotten")]
    private static partial void LogForgotten(ILogger logger, string node);

    [LoggerMessage(EventId = 424, Level = LogLevel.Debug, Message = "Heartbeat failed: {Reason}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string reason);
}
