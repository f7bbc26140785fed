using System.Net;
using System.Net.Sockets;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// A loopback port that is free when asked, for what must be started on a port known in advance
/// (a redis-server, an endpoint a test restarts on). Everything else binds port 0 and asks the server.
/// </summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
