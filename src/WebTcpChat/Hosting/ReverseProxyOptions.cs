namespace WebTcpChat.Hosting;

/// <summary>
/// The <c>ReverseProxy</c> section. Off by default: forwarded headers are only believed from proxies
/// named here, or anyone could claim any address and dodge per-address limits.
/// </summary>
internal sealed class ReverseProxyOptions
{
    public const string SectionName = "ReverseProxy";

    public bool Enabled { get; set; }

    /// <summary>Addresses of the trusted proxies.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR) of trusted proxies.</summary>
    public string[] KnownNetworks { get; set; } = [];
}
