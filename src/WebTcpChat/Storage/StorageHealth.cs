namespace WebTcpChat.Storage;

/// <summary>Whether the store is taking writes; read by the readiness check.</summary>
internal sealed class StorageHealth
{
    private volatile string? _fault;

    public bool IsHealthy => _fault is null;

    /// <summary>Why the store is failing, or null.</summary>
    public string? Fault => _fault;

    /// <summary>Messages delivered but not yet written.</summary>
    public int PendingMessages { get; set; }

    /// <summary>Returns true if this is a change (healthy to failed).</summary>
    public bool MarkFailed(string reason)
    {
        var wasHealthy = _fault is null;
        _fault = reason;
        return wasHealthy;
    }

    /// <summary>Returns true if this is a change (failed to healthy).</summary>
    public bool MarkHealthy()
    {
        var wasFailed = _fault is not null;
        _fault = null;
        return wasFailed;
    }
}
