using System.Threading.Channels;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// A point inside the server that a test can close: while held, each item that reaches it (a batch,
/// a read) stops there until the test releases it. So a test puts the server in a state between two
/// steps (written but not delivered, read started but not finished) without timing anything.
/// </summary>
public sealed class Turnstile<T>
{
    private readonly Lock _gate = new();
    private readonly List<Stopped> _stopped = [];
    private Channel<Stopped> _arrivals = Channel.CreateUnbounded<Stopped>();
    private Func<T, bool>? _holds;

    /// <summary>Stops every item that <paramref name="which"/> picks (all if null) until released; disposing lets everything through again.</summary>
    public IDisposable Hold(Func<T, bool>? which = null)
    {
        lock (_gate)
        {
            _holds = which ?? (_ => true);
            _arrivals = Channel.CreateUnbounded<Stopped>();
        }

        return new Holding(this);
    }

    /// <summary>Called by the server's side: returns at once, or once the test releases the item.</summary>
    public Task PassAsync(T item)
    {
        Stopped stopped;
        lock (_gate)
        {
            if (_holds is null || !_holds(item))
            {
                return Task.CompletedTask;
            }

            stopped = new Stopped(item);
            _stopped.Add(stopped);
            _arrivals.Writer.TryWrite(stopped);
        }

        return stopped.Released;
    }

    /// <summary>The next stopped item that matches; stopped items before it that do not match are let through.</summary>
    public async Task<Stopped> NextAsync(Func<T, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        ChannelReader<Stopped> arrivals;
        lock (_gate)
        {
            arrivals = _arrivals.Reader;
        }

        try
        {
            while (true)
            {
                var stopped = await arrivals.ReadAsync(timeout.Token);
                if (match is null || match(stopped.Item))
                {
                    return stopped;
                }

                stopped.Release();
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Nothing matching stopped at the turnstile within {Timeouts.Event}.");
        }
    }

    private void Open()
    {
        lock (_gate)
        {
            _holds = null;
            _arrivals.Writer.TryComplete();
            foreach (var stopped in _stopped)
            {
                stopped.Release();
            }

            _stopped.Clear();
        }
    }

    /// <summary>One item held at the turnstile.</summary>
    public sealed class Stopped(T item)
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public T Item => item;

        public Task Released => _released.Task;

        public void Release() => _released.TrySetResult();
    }

    private sealed class Holding(Turnstile<T> turnstile) : IDisposable
    {
        public void Dispose() => turnstile.Open();
    }
}
