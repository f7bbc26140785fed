using System.ComponentModel.DataAnnotations;

namespace WebTcpChat.Chat;

/// <summary>The <c>Limits</c> section: what one client may cost the server. 0 turns a limit off.</summary>
internal sealed class LimitsOptions : IValidatableObject
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

    /// <summary>Lines a client may send at once before its lines are delayed (the token bucket's size).</summary>
    [Range(0, 100_000, ErrorMessage = "Limits:FloodBurst must be between {1} and {2}.")]
    public int FloodBurst { get; set; } = 20;

    /// <summary>Lines per second a client may keep sending (the token bucket's refill rate).</summary>
    [Range(0, 100_000, ErrorMessage = "Limits:FloodLinesPerSecond must be between {1} and {2}.")]
    public double FloodLinesPerSecond { get; set; } = 4;

    /// <summary>Open TCP chat connections, in total.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Limits:MaxConnections must be between {1} and {2}.")]
    public int MaxConnections { get; set; } = 1_000;

    /// <summary>Open TCP chat connections from one IP address.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Limits:MaxConnectionsPerIp must be between {1} and {2}.")]
    public int MaxConnectionsPerIp { get; set; } = 10;

    /// <summary>Open WebSocket (and other upgraded) connections, in total: Kestrel's upgraded-connection limit.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Limits:MaxWebConnections must be between {1} and {2}.")]
    public int MaxWebConnections { get; set; } = 1_000;

    /// <summary>A TCP client that sends nothing for this long is disconnected.</summary>
    [Range(0, 86_400, ErrorMessage = "Limits:IdleTimeoutSeconds must be between {1} and {2}.")]
    public int IdleTimeoutSeconds { get; set; } = 3_600;

    /// <summary>A TCP line started this long ago and still unfinished (trickled byte by byte) disconnects its client.</summary>
    [Range(0, 86_400, ErrorMessage = "Limits:PartialLineTimeoutSeconds must be between {1} and {2}.")]
    public int PartialLineTimeoutSeconds { get; set; } = 60;

    /// <summary>Idle seconds before TCP keepalive probes look for a vanished peer.</summary>
    [Range(0, 86_400, ErrorMessage = "Limits:TcpKeepAliveSeconds must be between {1} and {2}.")]
    public int TcpKeepAliveSeconds { get; set; } = 60;

    /// <summary>
    /// Origins (<c>https://chat.example.org</c>) whose pages may open the hub, besides the hub's own
    /// origin; <c>*</c> allows any. Clients that send no <c>Origin</c> (bots, terminals) are not browsers and are let in.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Rooms one user may be in at once, the default room included.</summary>
    [Range(0, 10_000, ErrorMessage = "Limits:MaxRoomsPerUser must be between {1} and {2}.")]
    public int MaxRoomsPerUser { get; set; } = 20;

    /// <summary>Rooms that may exist at once, across the whole chat.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Limits:MaxRooms must be between {1} and {2}.")]
    public int MaxRooms { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A line that fits the line limit must fit every reader's queue too, or one long line drops everyone.
        if (MaxLineBytes > 0 && SendQueueBytes > 0 && SendQueueBytes < 4L * MaxLineBytes)
        {
            yield return new ValidationResult(
                "Limits:SendQueueBytes must be at least 4 times Limits:MaxLineBytes.", [nameof(SendQueueBytes)]);
        }

        foreach (var origin in AllowedOrigins)
        {
            if (origin != "*" && !IsOrigin(origin))
            {
                yield return new ValidationResult(
                    $"Limits:AllowedOrigins: '{origin}' is not an origin like https://chat.example.org (scheme, host, optional port; no path).",
                    [nameof(AllowedOrigins)]);
            }
        }
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && !value.EndsWith('/')
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);
}
