using System.ComponentModel.DataAnnotations;

namespace WebTcpChat.Chat;

/// <summary>The <c>Limits</c> section: what one client may cost the server. 0 turns a limit off.</summary>
internal sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Longest line, in UTF-8 bytes without its line end, on either transport.</summary>
    [Range(0, 1_048_576, ErrorMessage = "Limits:MaxLineBytes must be between {1} and {2}.")]
    public int MaxLineBytes { get; set; } = 4_096;

    /// <summary>Bytes queued for one client before it is disconnected as too slow.</summary>
    [Range(0, 1L << 30, ErrorMessage = "Limits:SendQueueBytes must be between {1} and {2}.")]
    public long SendQueueBytes { get; set; } = 65_536;

    /// <summary>A TLS handshake (on the Tcps and Https endpoints) that takes longer is cut off.</summary>
    [Range(1, 300, ErrorMessage = "Limits:TlsHandshakeSeconds must be between {1} and {2}.")]
    public int TlsHandshakeSeconds { get; set; } = 10;
}
