namespace WebTcpChat.Tcp;

/// <summary>
/// The two clocks on a TCP client's input, like Kestrel's keep-alive and request-headers timeouts:
/// nothing received for <c>Limits:IdleTimeoutSeconds</c>, or a line begun and still unfinished after
/// <c>Limits:PartialLineTimeoutSeconds</c> (a client trickling a byte at a time), closes the session
/// with the reason. One timer, re-armed lazily: input only records a time, it never touches the timer.
/// </summary>
internal sealed partial class TcpInputDeadlines : IDisposable
{
    private const long NotOpen = -1;

    private readonly TcpSession _session;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _idle;
    private readonly TimeSpan _partialLine;
    private readonly ITimer? _timer;
    private long _lastInput;
    private long _lineOpenSince = NotOpen;

    public TcpInputDeadlines(TcpSession session, int idleSeconds, int partialLineSeconds, TimeProvider time, ILogger logger)
    {
        _session = session;
        _time = time;
        _logger = logger;
        _idle = TimeSpan.FromSeconds(idleSeconds);
        _partialLine = TimeSpan.FromSeconds(partialLineSeconds);
        _lastInput = time.GetTimestamp();
        if (idleSeconds > 0 || partialLineSeconds > 0)
        {
            _timer = time.CreateTimer(static state => ((TcpInputDeadlines)state!).Check(), this, NextCheck(_lastInput), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Bytes arrived.</summary>
    public void InputReceived() => Volatile.Write(ref _lastInput, _time.GetTimestamp());

    /// <summary>Whether part of a line is waiting for the rest of it.</summary>
    public void LineOpen(bool open)
    {
        if (!open)
        {
            Volatile.Write(ref _lineOpenSince, NotOpen);
        }
        else if (Volatile.Read(ref _lineOpenSince) == NotOpen)
        {
            var now = _time.GetTimestamp();
            Volatile.Write(ref _lineOpenSince, now);
            Rearm(now);
        }
    }

    public void Dispose() => _timer?.Dispose();

    private void Check()
    {
        var now = _time.GetTimestamp();
        if (_idle > TimeSpan.Zero && _time.GetElapsedTime(Volatile.Read(ref _lastInput), now) >= _idle)
        {
            Expire($"Idle timeout: nothing received for {_idle.TotalSeconds} seconds");
            return;
        }

        var openSince = Volatile.Read(ref _lineOpenSince);
        if (_partialLine > TimeSpan.Zero && openSince != NotOpen && _time.GetElapsedTime(openSince, now) >= _partialLine)
        {
            Expire($"Line not finished within {_partialLine.TotalSeconds} seconds");
            return;
        }

        Rearm(now);
    }

    private void Rearm(long now)
    {
        try
        {
            _timer?.Change(NextCheck(now), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection has ended.
        }
    }

    // The earliest moment a deadline could pass, given what is known now; input since only pushes it later.
    private TimeSpan NextCheck(long now)
    {
        var next = TimeSpan.MaxValue;
        if (_idle > TimeSpan.Zero)
        {
            next = _idle - _time.GetElapsedTime(Volatile.Read(ref _lastInput), now);
        }

        if (_partialLine > TimeSpan.Zero)
        {
            var openSince = Volatile.Read(ref _lineOpenSince);
            var partial = openSince == NotOpen ? _partialLine : _partialLine - _time.GetElapsedTime(openSince, now);
            next = partial < next ? partial : next;
        }

        return next < TimeSpan.Zero ? TimeSpan.Zero : next;
    }

    private void Expire(string reason)
    {
        LogTimedOut(_logger, _session.Id, reason);
        _session.Close(reason);
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Information, Message = "TCP session {SessionId} timed out: {Reason}")]
    private static partial void LogTimedOut(ILogger logger, long sessionId, string reason);
}
