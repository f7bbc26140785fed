namespace WebTcpChat.Chat;

/// <summary>
/// A room whose recent history is held in memory. Its ring receives every message delivered after
/// <see cref="StoreUpTo"/>, the log position at which the room began to be held; what came before is
/// read from the store, up to that position and no further, so the two meet with no gap and no overlap.
/// That read happens once: whoever needs the room meanwhile awaits the same one.
/// </summary>
internal sealed class HeldRoom(string key, MessageRing ring, long storeUpTo)
{
    private static readonly Task<Exception?> Done = Task.FromResult<Exception?>(null);

    private readonly Lock _gate = new();
    private Task<Exception?>? _filling;
    private bool _tried;
    private bool _filled;

    public string Key => key;

    public MessageRing Ring => ring;

    /// <summary>The last id delivered before the ring began: its older messages are read from the store up to here.</summary>
    public long StoreUpTo => storeUpTo;

    /// <summary>
    /// True when the ring may be served: filled, or its last fill failed (it then serves what memory
    /// holds). False before the first fill ends: the ring would have a hole before its live messages.
    /// </summary>
    public bool CanServe
    {
        get
        {
            lock (_gate)
            {
                return _tried && _filling is null;
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fill"/> unless the ring is filled or a fill is under way, and returns the
    /// fill for the caller to await: its failure, or null. <paramref name="waits"/>: another caller's
    /// fill was under way. A failed fill is tried again by the next caller.
    /// </summary>
    public Task<Exception?> FillOnceAsync(Func<HeldRoom, Task> fill, out bool waits)
    {
        TaskCompletionSource<Exception?> started;
        lock (_gate)
        {
            waits = _filling is not null;
            if (_filled || _filling is not null)
            {
                return _filling ?? Done;
            }

            started = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _filling = started.Task;
        }

        // Apart from its caller, so that a caller who gives up does not end the fill for the others;
        // RunFillAsync never throws (a failure is its result).
        _ = RunFillAsync(fill, started);
        return started.Task;
    }

    private async Task RunFillAsync(Func<HeldRoom, Task> fill, TaskCompletionSource<Exception?> done)
    {
        Exception? failure = null;
        try
        {
            await fill(this).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        lock (_gate)
        {
            _tried = true;
            _filled = failure is null;
            _filling = null;
        }

        done.SetResult(failure);
    }
}
