namespace WebTcpChat.Bench;

/// <summary>Which transport a message left from and which it arrived on.</summary>
internal enum DeliveryPath
{
    TcpToTcp,
    TcpToWeb,
    WebToTcp,
    WebToWeb,
}

internal static class DeliveryPaths
{
    public const int Count = 4;

    public static DeliveryPath Of(bool fromWeb, bool toWeb) =>
        (DeliveryPath)((fromWeb ? 2 : 0) + (toWeb ? 1 : 0));

    public static string Name(DeliveryPath path) => path switch
    {
        DeliveryPath.TcpToTcp => "tcp->tcp",
        DeliveryPath.TcpToWeb => "tcp->web",
        DeliveryPath.WebToTcp => "web->tcp",
        _ => "web->web",
    };

    public static string Key(DeliveryPath path) => path switch
    {
        DeliveryPath.TcpToTcp => "tcpToTcp",
        DeliveryPath.TcpToWeb => "tcpToWeb",
        DeliveryPath.WebToTcp => "webToTcp",
        _ => "webToWeb",
    };
}
