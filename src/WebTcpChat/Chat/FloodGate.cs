using Microsoft.Extensions.Options;
using WebTcpChat.Observability;

namespace WebTcpChat.Chat;

/// <summary>
/// Flood control for every transport, consulted by the chat core before it handles a line: within
/// <c>Limits:FloodBurst</c> and <c>Limits:FloodLinesPerSecond</c> a line goes at once; past them it is
/// delayed (a TCP client is simply not read meanwhile; a hub call completes later); a client still
/// over the bucket after a whole burst of delayed lines is disconnected with "Excess Flood", as IRC does.
/// </summary>
internal sealed partial class FloodGate(
    IOptionsMonitor<LimitsOptions> limits, TimeProvider time, ChatMetrics metrics, ILogger<FloodGate> logger)
{
    public const string ExcessFlood = "Excess Flood";

    /// <summary>Waits until the session may send its next line; false when it has flooded and must be disconnected.</summary>
    public async ValueTask<bool> AdmitAsync(ChatSession session, CancellationToken cancellationToken)
    {
        var options = limits.CurrentValue;
        if (options.FloodBurst <= 0 || options.FloodLinesPerSecond <= 0)
        {
            return true;
        }

        var now = time.GetTimestamp() / (double)time.TimestampFrequency;
        var wait = session.Flood.Take(now, options.FloodBurst, options.FloodLinesPerSecond, out var firstDelayed);
        if (wait is not { } delay)
        {
            LogExcessFlood(logger, session.Id, session.Source, options.FloodBurst, options.FloodLinesPerSecond);
            metrics.FloodDisconnect(session.Source);
            return false;
        }

        if (delay > TimeSpan.Zero)
        {
            if (firstDelayed)
            {
                LogDelaying(logger, session.Id, session.Source, options.FloodBurst, options.FloodLinesPerSecond);
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning,
        Message = "Session {SessionId} ({Source}) disconnected: Excess Flood (over {Burst} lines, {LinesPerSecond}/s)")]
    private static partial void LogExcessFlood(ILogger logger, long sessionId, ChatSource source, int burst, double linesPerSecond);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information,
        Message = "Session {SessionId} ({Source}) is over its flood limit ({Burst} lines, {LinesPerSecond}/s); its lines are delayed")]
    private static partial void LogDelaying(ILogger logger, long sessionId, ChatSource source, int burst, double linesPerSecond);
}
