using Microsoft.Extensions.Options;
using WebTcpChat.Chat;

namespace WebTcpChat.Storage;

/// <summary>
/// In the background: checks the store every few seconds (and writes what waited once it is back),
/// and applies retention (<c>Storage:MaxAgeDays</c>, <c>Storage:MaxMessages</c>) periodically, even
/// while writes fail: on a full database, pruning is what makes room again.
/// </summary>
internal sealed partial class StorageMaintenance(
    StoreWriter writer,
    IMessageStore store,
    RecentHistory recent,
    ChatLogReadiness readiness,
    TimeProvider clock,
    IOptions<StorageOptions> options,
    ILogger<StorageMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not before the log has opened the store (or connected to Redis): a check before that would
        // report a store failure that is only start-up, and fail readiness for a round.
        try
        {
            await readiness.WhenReadyAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var settings = options.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.CheckIntervalSeconds), clock);
        var pruneEvery = TimeSpan.FromSeconds(settings.PruneIntervalSeconds);
        var nextPrune = clock.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await writer.CheckAsync(stoppingToken).ConfigureAwait(false);
                if (clock.GetUtcNow() >= nextPrune)
                {
                    await PruneAsync(settings, stoppingToken).ConfigureAwait(false);
                    nextPrune = clock.GetUtcNow() + pruneEvery;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PruneAsync(StorageOptions settings, CancellationToken cancellationToken)
    {
        DateTime? cutoff = settings.MaxAgeDays > 0 ? clock.GetUtcNow().UtcDateTime.AddDays(-settings.MaxAgeDays) : null;
        long? keep = settings.MaxMessages > 0 ? settings.MaxMessages : null;
        if (cutoff is null && keep is null)
        {
            return;
        }

        try
        {
            var pruned = await store.PruneAsync(cutoff, keep, cancellationToken).ConfigureAwait(false);
            if (cutoff is { } tooOld)
            {
                recent.DropOlderThan(tooOld);
            }

            if (pruned > 0)
            {
                LogPruned(logger, pruned);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Retention can wait for the next round; the writer reports store failures.
            LogPruneFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Retention pruned {Count} messages")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning, Message = "Retention could not prune this time")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
