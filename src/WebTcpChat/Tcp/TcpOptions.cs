using System.ComponentModel.DataAnnotations;

namespace WebTcpChat.Tcp;

/// <summary>The <c>Tcp</c> section: how the line protocol behaves.</summary>
internal sealed class TcpOptions
{
    public const string SectionName = "Tcp";

    /// <summary>
    /// A line with no line end is sent anyway once its client has been quiet this long, so that
    /// clients which never send a newline (the tutorial's <c>send('I am a client')</c>) still talk.
    /// </summary>
    [Range(1, 60_000, ErrorMessage = "Tcp:QuietFlushMilliseconds must be between {1} and {2}.")]
    public int QuietFlushMilliseconds { get; set; } = 500;

    /// <summary>How far past <c>Limits:MaxLineBytes</c> an over-long line may run before the client is disconnected.</summary>
    [Range(1, 1_024, ErrorMessage = "Tcp:OverlongLineDisconnectFactor must be between {1} and {2}.")]
    public int OverlongLineDisconnectFactor { get; set; } = 16;
}
