using System.ComponentModel.DataAnnotations;

namespace WebTcpChat.Storage;

/// <summary>The <c>Storage</c> section: durability, retention and what to do when the disk fails.</summary>
internal sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// SQLite's <c>synchronous</c> setting in WAL mode. <c>Normal</c> survives the process being killed
    /// (kill -9); <c>Full</c> also survives a power cut or kernel crash, at one fsync per commit.
    /// </summary>
    [AllowedValues("Normal", "Full", ErrorMessage = "Storage:Synchronous must be Normal or Full.")]
    public string Synchronous { get; set; } = "Normal";

    /// <summary>Messages older than this are pruned; 0 keeps them forever.</summary>
    [Range(0, 36_500, ErrorMessage = "Storage:MaxAgeDays must be between {1} and {2}.")]
    public int MaxAgeDays { get; set; } = 90;

    /// <summary>At most this many messages are kept, the newest; 0 keeps them all.</summary>
    [Range(0, long.MaxValue, ErrorMessage = "Storage:MaxMessages must not be negative.")]
    public long MaxMessages { get; set; } = 1_000_000;

    /// <summary>How often retention runs.</summary>
    [Range(1, 604_800, ErrorMessage = "Storage:PruneIntervalSeconds must be between {1} and {2}.")]
    public int PruneIntervalSeconds { get; set; } = 3_600;

    /// <summary>How often a failed store is retried, and the database file checked.</summary>
    [Range(1, 3_600, ErrorMessage = "Storage:CheckIntervalSeconds must be between {1} and {2}.")]
    public int CheckIntervalSeconds { get; set; } = 2;

    /// <summary>While the store is down, at most this many messages wait in memory to be written; older ones are given up.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Storage:MaxPendingMessages must be between {1} and {2}.")]
    public int MaxPendingMessages { get; set; } = 100_000;

    /// <summary>
    /// A cap on the database's size; 0 for none. Reaching it is handled like a full disk: writes fail,
    /// readiness fails, the chat goes on from memory, and retention makes room again.
    /// </summary>
    [Range(0, 1_048_576, ErrorMessage = "Storage:MaxDatabaseMegabytes must be between {1} and {2}.")]
    public int MaxDatabaseMegabytes { get; set; }

    /// <summary>How long a write waits for a database locked by another process before it counts as failed.</summary>
    [Range(0, 60_000, ErrorMessage = "Storage:BusyTimeoutMilliseconds must be between {1} and {2}.")]
    public int BusyTimeoutMilliseconds { get; set; } = 500;
}
