using System.Diagnostics;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;
using WebTcpChat.Observability;

namespace WebTcpChat.Storage;

/// <summary>
/// Writes committed batches to the store before they are delivered, and decides what happens when
/// the store fails. The policy: the chat never stops for the disk. A batch that cannot be written is
/// delivered anyway, kept in memory (up to <see cref="StorageOptions.MaxPendingMessages"/>) and written
/// once the store is back; meanwhile readiness fails and the failure is logged. A database file
/// removed under the server is recreated and refilled from the in-memory recent history.
/// </summary>
internal sealed partial class StoreWriter(
    IMessageStore store,
    StorageHealth health,
    RecentHistory recent,
    ChatMetrics metrics,
    IOptions<StorageOptions> options,
    ILogger<StoreWriter> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Changed under _gate (one writer at a time) and this lock too, so that Unwritten can read it while a write is under way.
    private readonly Lock _pendingLock = new();
    private readonly List<ChatMessage> _pending = [];
    private bool _reopen;
    private long _dropped;

    /// <summary>Opens the store and returns the last id used.</summary>
    public Task<long> InitializeAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    /// <summary>Makes the batch durable, or (while the store is failing) keeps it to write later.</summary>
    public async Task WriteAsync(IReadOnlyList<ChatMessage> batch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_pending.Count > 0 || _reopen)
            {
                // Down: keep the order; the periodic check retries, not every batch.
                KeepPending(batch);
                return;
            }

            try
            {
                var started = Stopwatch.GetTimestamp();
                await store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
                metrics.StoreWritten(Stopwatch.GetElapsedTime(started));
            }
            catch (Exception ex) when (IsStorageFault(ex))
            {
                Fail(ex);
                KeepPending(batch);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checks the store, and if it is back, writes what waited. Called periodically.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_reopen)
            {
                await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
                await store.AppendAsync(recent.AllHeld(), cancellationToken).ConfigureAwait(false);
                _reopen = false;
            }

            await store.CheckAsync(cancellationToken).ConfigureAwait(false);
            if (_pending.Count > 0)
            {
                await store.AppendAsync(_pending, cancellationToken).ConfigureAwait(false);
                lock (_pendingLock)
                {
                    _pending.Clear();
                }

                health.PendingMessages = 0;
            }

            if (health.MarkHealthy())
            {
                LogRecovered(logger, Interlocked.Exchange(ref _dropped, 0));
            }
        }
        catch (StoreFileMissingException ex)
        {
            _reopen = true;
            Fail(ex);
        }
        catch (Exception ex) when (IsStorageFault(ex))
        {
            Fail(ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A room's messages up to <paramref name="upToId"/> that were delivered but are not in the store
    /// yet (it is failing): with what the store holds, they are everything the room had.
    /// </summary>
    public List<ChatMessage> Unwritten(string roomKey, long upToId)
    {
        lock (_pendingLock)
        {
            return [.. _pending.Where(message => message.Id <= upToId && message.RoomKey == roomKey)];
        }
    }

    public void Dispose() => _gate.Dispose();

    private void KeepPending(IReadOnlyList<ChatMessage> batch)
    {
        int excess;
        lock (_pendingLock)
        {
            _pending.AddRange(batch);
            excess = _pending.Count - options.Value.MaxPendingMessages;
            if (excess > 0)
            {
                _pending.RemoveRange(0, excess);
            }
        }

        if (excess > 0)
        {
            Interlocked.Add(ref _dropped, excess);
            LogPendingDropped(logger, excess);
        }

        health.PendingMessages = _pending.Count;
    }

    private void Fail(Exception ex)
    {
        if (health.MarkFailed(ex.Message))
        {
            LogFailed(logger, ex, _pending.Count);
        }
        else
        {
            LogStillFailing(logger, ex.Message, _pending.Count);
        }
    }

    private static bool IsStorageFault(Exception ex) => ex is not OperationCanceledException;

    [LoggerMessage(EventId = 310, Level = LogLevel.Error, Message = "Message store failed; the chat goes on from memory and readiness fails until it is back ({Pending} messages waiting)")]
    private static partial void LogFailed(ILogger logger, Exception exception, int pending);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Message store still failing: {Reason} ({Pending} messages waiting)")]
    private static partial void LogStillFailing(ILogger logger, string reason, int pending);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Message store recovered; every waiting message is written ({Dropped} were given up while it was down)")]
    private static partial void LogRecovered(ILogger logger, long dropped);

    [LoggerMessage(EventId = 313, Level = LogLevel.Error, Message = "Message store down too long: {Count} undurable messages given up (Storage:MaxPendingMessages)")]
    private static partial void LogPendingDropped(ILogger logger, int count);
}
