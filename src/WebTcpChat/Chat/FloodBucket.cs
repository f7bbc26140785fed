namespace WebTcpChat.Chat;

/// <summary>
/// One session's token bucket, as IRC servers keep per client: a line takes a token; tokens come
/// back at a steady rate up to the burst. Past the bucket a line waits for its token; a client that
/// keeps going over it, a whole burst of delayed lines in a row, is flooding and must go.
/// Pure arithmetic on the times it is given, so it can be tested without a clock.
/// </summary>
internal sealed class FloodBucket
{
    private readonly Lock _gate = new();
    private bool _started;
    private double _tokens;
    private double _lastSeconds;
    private int _delayedInARow;

    /// <summary>
    /// Takes a token for one line at <paramref name="nowSeconds"/> (a monotonic clock). Returns how long
    /// the line must wait (zero: go now), or null when the client has flooded past its allowance.
    /// <paramref name="firstDelayed"/> is true for the first delayed line of a run.
    /// </summary>
    public TimeSpan? Take(double nowSeconds, int burst, double linesPerSecond, out bool firstDelayed)
    {
        lock (_gate)
        {
            firstDelayed = false;
            if (!_started)
            {
                _started = true;
                _tokens = burst;
                _lastSeconds = nowSeconds;
            }

            _tokens = Math.Min(burst, _tokens + (Math.Max(0, nowSeconds - _lastSeconds) * linesPerSecond));
            _lastSeconds = nowSeconds;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                _delayedInARow = 0;
                return TimeSpan.Zero;
            }

            if (++_delayedInARow > burst)
            {
                return null;
            }

            firstDelayed = _delayedInARow == 1;

            // Reserve the token now, so lines that arrive meanwhile (parallel hub calls) queue behind it.
            var wait = (1 - _tokens) / linesPerSecond;
            _tokens -= 1;
            return TimeSpan.FromSeconds(wait);
        }
    }
}
