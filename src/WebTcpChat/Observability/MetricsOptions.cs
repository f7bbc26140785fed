namespace WebTcpChat.Observability;

/// <summary>The <c>Metrics</c> section: whether <c>/metrics</c> is served, and to whom.</summary>
internal sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    public bool Enabled { get; set; } = true;

    /// <summary>Loopback and the private ranges, where a Prometheus server usually scrapes from.</summary>
    public static IReadOnlyList<string> PrivateNetworks { get; } =
        ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

    /// <summary>
    /// Networks (CIDR) allowed to read <c>/metrics</c>; others get 404. Unset: <see cref="PrivateNetworks"/>;
    /// <c>0.0.0.0/0</c> and <c>::/0</c> allow everyone. (Null by default rather than a list, because
    /// configuration binds arrays index by index over a default and would mix the two.)
    /// </summary>
    public string[]? AllowedNetworks { get; set; }

    public IReadOnlyList<string> EffectiveNetworks => AllowedNetworks ?? PrivateNetworks;
}
