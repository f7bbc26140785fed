namespace WebTcpChat.Chat;

/// <summary>
/// A session's send queue, bounded in bytes like IRC's SendQ. Many producers (the dispatcher, the
/// session's own commands) add to it without ever waiting; one writer per connection drains it.
/// Past the bound the queue is dropped and the session is told to abort: a stuck reader costs
/// the server at most its bound, and the fan-out never waits for it.
/// </summary>
internal sealed class SessionOutbox(long capacityBytes, Action<long> onOverflow)
{
    private readonly Lock _gate = new();
    private List<OutboundItem> _pending = [];
    private long _queuedBytes;
    private bool _completed;
    private bool _overflowed;
    private bool _usersRequested;
    private TaskCompletionSource<bool>? _waiter;

    public long CapacityBytes => capacityBytes;

    /// <summary>Bytes queued or handed to the writer and not yet flushed.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public bool Overflowed
    {
        get
        {
            lock (_gate)
            {
                return _overflowed;
            }
        }
    }

    public bool TryEnqueue(in OutboundItem item)
    {
        TaskCompletionSource<bool>? wake;
        long overflowAt;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            // History is sent once, at connect; only what comes after it must fit the bound.
            if (item.Kind != OutboundKind.History && WouldOverflow(item.Bytes))
            {
                overflowAt = MarkOverflowed(item.Bytes, out wake);
            }
            else
            {
                _pending.Add(item);
                _queuedBytes += item.Bytes;
                wake = TakeWaiter();
                overflowAt = -1;
            }
        }

        return Signal(wake, overflowAt);
    }

    /// <summary>Adds messages for this session in their order, all or nothing.</summary>
    public bool TryEnqueueMessages(List<ChatMessage> messages)
    {
        if (messages.Count == 0)
        {
            return true;
        }

        var bytes = 0L;
        foreach (var message in messages)
        {
            bytes += message.EstimatedBytes;
        }

        TaskCompletionSource<bool>? wake;
        long overflowAt = -1;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            if (WouldOverflow(bytes))
            {
                overflowAt = MarkOverflowed(bytes, out wake);
            }
            else
            {
                foreach (var message in messages)
                {
                    _pending.Add(OutboundItem.ForMessage(message));
                }

                _queuedBytes += bytes;
                wake = TakeWaiter();
            }
        }

        return Signal(wake, overflowAt);
    }

    /// <summary>Asks the writer to send the current user list; repeated requests before it does so collapse into one.</summary>
    public void RequestUsers()
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            if (_completed || _usersRequested)
            {
                return;
            }

            _usersRequested = true;
            wake = TakeWaiter();
        }

        wake?.TrySetResult(true);
    }

    /// <summary>Accepts nothing more; the writer drains what is queued, then stops.</summary>
    public void Complete()
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            _completed = true;
            wake = TakeWaiter();
        }

        wake?.TrySetResult(false);
    }

    /// <summary>True when there is something to send; false once completed and drained, or overflowed.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        Task<bool> wait;
        lock (_gate)
        {
            if (_overflowed)
            {
                return ValueTask.FromResult(false);
            }

            if (_pending.Count > 0 || _usersRequested)
            {
                return ValueTask.FromResult(true);
            }

            if (_completed)
            {
                return ValueTask.FromResult(false);
            }

            _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _waiter.Task;
        }

        return WaitSlowAsync(wait, cancellationToken);
    }

    /// <summary>Swaps the queue for the writer's empty list and returns what was queued.</summary>
    public List<OutboundItem> TakeAll(List<OutboundItem> empty, out bool usersRequested)
    {
        lock (_gate)
        {
            var taken = _pending;
            _pending = empty;
            usersRequested = _usersRequested;
            _usersRequested = false;
            return taken;
        }
    }

    /// <summary>The writer has flushed these bytes to the transport.</summary>
    public void Release(long bytes) => Interlocked.Add(ref _queuedBytes, -bytes);

    private async ValueTask<bool> WaitSlowAsync(Task<bool> wait, CancellationToken cancellationToken)
    {
        await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private bool WouldOverflow(long bytes) => capacityBytes > 0 && _queuedBytes + bytes > capacityBytes;

    private long MarkOverflowed(long incoming, out TaskCompletionSource<bool>? wake)
    {
        var queued = _queuedBytes + incoming;
        _overflowed = true;
        _completed = true;
        _pending.Clear();
        wake = TakeWaiter();
        return queued;
    }

    private TaskCompletionSource<bool>? TakeWaiter()
    {
        var waiter = _waiter;
        _waiter = null;
        return waiter;
    }

    private bool Signal(TaskCompletionSource<bool>? wake, long overflowAt)
    {
        wake?.TrySetResult(true);
        if (overflowAt < 0)
        {
            return true;
        }

        onOverflow(overflowAt);
        return false;
    }
}
