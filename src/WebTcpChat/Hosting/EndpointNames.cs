namespace WebTcpChat.Hosting;

/// <summary>The names of the endpoints under <c>Kestrel:Endpoints</c>.</summary>
public static class EndpointNames
{
    /// <summary>The page, the hub and the HTTP API.</summary>
    public const string Http = "Http";

    /// <summary>The page, the hub and the HTTP API over TLS (off unless configured).</summary>
    public const string Https = "Https";

    /// <summary>The raw TCP line protocol.</summary>
    public const string Tcp = "Tcp";

    /// <summary>The raw TCP line protocol inside TLS (off unless configured).</summary>
    public const string Tcps = "Tcps";
}
