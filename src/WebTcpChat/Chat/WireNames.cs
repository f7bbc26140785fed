namespace WebTcpChat.Chat;

/// <summary>The names sources and kinds have on the wire, in storage and in the shared log.</summary>
internal static class WireNames
{
    public static string Source(ChatSource source) => source switch
    {
        ChatSource.Tcp => "tcp",
        ChatSource.Web => "web",
        _ => "system",
    };

    public static ChatSource ParseSource(string name) => name switch
    {
        "tcp" => ChatSource.Tcp,
        "web" => ChatSource.Web,
        _ => ChatSource.System,
    };

    public static string Kind(MessageKind kind) => kind switch
    {
        MessageKind.Text => "text",
        MessageKind.Action => "action",
        MessageKind.Join => "join",
        MessageKind.Leave => "leave",
        MessageKind.Nick => "nick",
        MessageKind.Private => "private",
        _ => "system",
    };

    public static MessageKind ParseKind(string name) => name switch
    {
        "text" => MessageKind.Text,
        "action" => MessageKind.Action,
        "join" => MessageKind.Join,
        "leave" => MessageKind.Leave,
        "nick" => MessageKind.Nick,
        "private" => MessageKind.Private,
        _ => MessageKind.System,
    };
}
