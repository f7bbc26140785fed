using Microsoft.AspNetCore.SignalR;

namespace WebTcpChat.Hubs;

/// <summary>
/// SignalR's own lifetime manager, which also hands each connection to its session: a browser's writer
/// then sends invocations serialised once for every browser (<see cref="HubFrames"/>) straight to its
/// connection, instead of through a client proxy that builds and serialises a new invocation per browser.
/// </summary>
internal sealed class ChatHubLifetimeManager(ILogger<DefaultHubLifetimeManager<ChatHub>> logger)
    : DefaultHubLifetimeManager<ChatHub>(logger)
{
    private const string ConnectionKey = "hub-connection";

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        // Runs before the hub's OnConnectedAsync, and Items is the hub's Context.Items.
        connection.Items[ConnectionKey] = connection;
        return base.OnConnectedAsync(connection);
    }

    /// <summary>The connection of a hub call's caller.</summary>
    public static HubConnectionContext? ConnectionOf(HubCallerContext context) =>
        context.Items.TryGetValue(ConnectionKey, out var value) ? value as HubConnectionContext : null;
}
