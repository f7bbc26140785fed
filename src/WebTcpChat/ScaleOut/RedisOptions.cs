using System.ComponentModel.DataAnnotations;

namespace WebTcpChat.ScaleOut;

/// <summary>
/// The <c>Redis</c> section, used when <c>ConnectionStrings:Redis</c> is set: the node then shares one
/// chat with every node on that Redis.
/// </summary>
internal sealed class RedisOptions
{
    public const string SectionName = "Redis";
    public const string ConnectionStringName = "Redis";

    /// <summary>Starts every key, so several chats can share one Redis.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Redis:Prefix must not be empty.")]
    public string Prefix { get; set; } = "webtcpchat:";

    /// <summary>How often a node says it is alive.</summary>
    [Range(1, 60, ErrorMessage = "Redis:HeartbeatSeconds must be between {1} and {2}.")]
    public int HeartbeatSeconds { get; set; } = 2;

    /// <summary>A node silent this long is dead: its users leave and their nicknames are freed.</summary>
    [Range(2, 600, ErrorMessage = "Redis:NodeTimeoutSeconds must be between {1} and {2}.")]
    public int NodeTimeoutSeconds { get; set; } = 8;

    /// <summary>Lines a node holds while Redis is unreachable before senders have to wait.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Redis:MaxQueuedLines must be between {1} and {2}.")]
    public int MaxQueuedLines { get; set; } = 10_000;
}
