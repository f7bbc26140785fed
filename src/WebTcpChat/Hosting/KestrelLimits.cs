using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;

namespace WebTcpChat.Hosting;

/// <summary>
/// Kestrel's own connection limits, derived from the <c>Limits</c> section, as a second wall behind
/// the chat's: the TCP side turns newcomers away with a reason at <c>Limits:MaxConnections</c>, and
/// Kestrel refuses outright only past that plus the web allowance.
/// </summary>
internal static class KestrelLimits
{
    private const long DefaultReadBufferBytes = 1024 * 1024;

    public static IServiceCollection AddKestrelLimits(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, limits) => Apply(kestrel.Limits, limits.Value));

        // The transport stops reading a connection once this much is unread; a whole line must fit, or
        // a line as long as the limit could never be seen to end.
        services.AddOptions<SocketTransportOptions>().Configure<IOptions<LimitsOptions>>((transport, limits) =>
            transport.MaxReadBufferSize = Math.Max(transport.MaxReadBufferSize ?? DefaultReadBufferBytes, (2L * limits.Value.MaxLineBytes) + 4096));
        return services;
    }

    public static void Apply(KestrelServerLimits kestrel, LimitsOptions limits)
    {
        // An upgraded (WebSocket) connection stops counting as a connection once upgraded.
        kestrel.MaxConcurrentUpgradedConnections = limits.MaxWebConnections > 0 ? limits.MaxWebConnections : null;
        kestrel.MaxConcurrentConnections = limits.MaxConnections > 0 && limits.MaxWebConnections > 0
            ? (long)limits.MaxConnections + limits.MaxWebConnections
            : null;
    }
}
