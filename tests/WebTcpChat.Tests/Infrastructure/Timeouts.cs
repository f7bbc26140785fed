namespace WebTcpChat.Tests.Infrastructure;

/// <summary>How long a test waits for an event before failing. Generous: a bound, not a measurement.</summary>
internal static class Timeouts
{
    public static TimeSpan Event { get; } = TimeSpan.FromSeconds(15);

    /// <summary>How long to watch for something that must not happen.</summary>
    public static TimeSpan Absence { get; } = TimeSpan.FromMilliseconds(1500);
}
