using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

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
    private readonly WriterWake _wake = new();
    private bool _waiting;

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
        bool wake;
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

    /// <summary>Adds a batch of the fan-out (shared, not copied) in its order, all or nothing.</summary>
    public bool TryEnqueueBatch(ChatMessage[] batch, long bytes, MembershipSnapshot membership)
    {
        bool wake;
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
                _pending.Add(OutboundItem.ForMessages(batch, bytes, membership));
                _queuedBytes += bytes;
                wake = TakeWaiter();
            }
        }

        return Signal(wake, overflowAt);
    }

    /// <summary>Asks the writer to send the current user list; repeated requests before it does so collapse into one.</summary>
    public void RequestUsers()
    {
        bool wake;
        lock (_gate)
        {
            if (_completed || _usersRequested)
            {
                return;
            }

            _usersRequested = true;
            wake = TakeWaiter();
        }

        Wake(wake);
    }

    /// <summary>Accepts nothing more; the writer drains what is queued, then stops.</summary>
    public void Complete()
    {
        bool wake;
        lock (_gate)
        {
            _completed = true;
            wake = TakeWaiter();
        }

        Wake(wake);
    }

    /// <summary>
    /// True when there is something to send; false once completed and drained, or overflowed. Only
    /// the session's one writer waits, so one reusable wake-up serves every wait: waiting allocates nothing.
    /// </summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        ValueTask<bool> woken;
        lock (_gate)
        {
            if (TryGetReady(out var ready))
            {
                return ValueTask.FromResult(ready);
            }

            woken = ArmWake(cancellationToken);
        }

        return WaitSlowAsync(woken, cancellationToken);
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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WaitSlowAsync(ValueTask<bool> woken, CancellationToken cancellationToken)
    {
        while (true)
        {
            await woken.ConfigureAwait(false);
            lock (_gate)
            {
                if (TryGetReady(out var ready))
                {
                    return ready;
                }

                woken = ArmWake(cancellationToken);
            }
        }
    }

    // Under the lock: whether the writer has an answer without waiting, and what it is.
    private bool TryGetReady(out bool ready)
    {
        if (_overflowed || (_completed && _pending.Count == 0 && !_usersRequested))
        {
            ready = false;
            return true;
        }

        ready = true;
        return _pending.Count > 0 || _usersRequested;
    }

    // Under the lock.
    private ValueTask<bool> ArmWake(CancellationToken cancellationToken)
    {
        _waiting = true;
        return _wake.Arm(cancellationToken);
    }

    private bool WouldOverflow(long bytes) => capacityBytes > 0 && _queuedBytes + bytes > capacityBytes;

    private long MarkOverflowed(long incoming, out bool wake)
    {
        var queued = _queuedBytes + incoming;
        _overflowed = true;
        _completed = true;
        _pending.Clear();
        wake = TakeWaiter();
        return queued;
    }

    // Under the lock: whether the writer is waiting (it is woken outside the lock).
    private bool TakeWaiter()
    {
        var waiting = _waiting;
        _waiting = false;
        return waiting;
    }

    private void Wake(bool wake)
    {
        if (wake)
        {
            _wake.Wake();
        }
    }

    private bool Signal(bool wake, long overflowAt)
    {
        Wake(wake);
        if (overflowAt < 0)
        {
            return true;
        }

        onOverflow(overflowAt);
        return false;
    }

    /// <summary>
    /// The writer's wake-up, reused for every wait. A late or extra wake only makes the writer look
    /// at the queue once more, so races between producers and the writer are harmless.
    /// </summary>
    private sealed class WriterWake : IValueTaskSource<bool>
    {
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
        private CancellationTokenRegistration _cancellation;
        private int _armed;

        public ValueTask<bool> Arm(CancellationToken cancellationToken)
        {
            _core.Reset();
            Volatile.Write(ref _armed, 1);
            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((WriterWake)state!).Cancel(token), this);
            }

            return new ValueTask<bool>(this, _core.Version);
        }

        public void Wake()
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _core.SetResult(true);
            }
        }

        public bool GetResult(short token)
        {
            _cancellation.Dispose();
            _cancellation = default;
            return _core.GetResult(token);
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        private void Cancel(CancellationToken token)
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _core.SetException(new OperationCanceledException(token));
            }
        }
    }
}
