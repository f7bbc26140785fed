using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace WebTcpChat.Tcp;

/// <summary>
/// Turns on TCP keepalive for an accepted connection, so a peer that vanished without a FIN or RST
/// (a laptop lid closed, a NAT entry dropped) is found and its session ended instead of lingering.
/// </summary>
internal static class TcpKeepAlive
{
    private const int ProbeIntervalSeconds = 10;
    private const int ProbeCount = 5;

    /// <summary>Applies keepalive after <paramref name="idleSeconds"/> of silence; false when the transport has no socket.</summary>
    public static bool Apply(ConnectionContext connection, int idleSeconds) =>
        connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket && Apply(socket, idleSeconds);

    public static bool Apply(Socket socket, int idleSeconds)
    {
        if (idleSeconds <= 0)
        {
            return false;
        }

        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, idleSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, ProbeIntervalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, ProbeCount);
        return true;
    }
}
