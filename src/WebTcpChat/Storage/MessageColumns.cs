using System.Data.Common;
using WebTcpChat.Chat;

namespace WebTcpChat.Storage;

/// <summary>How a message maps to its row. Enums are stored by their wire names, not their numbers.</summary>
internal static class MessageColumns
{
    public static string SourceName(ChatSource source) => source switch
    {
        ChatSource.Tcp => "tcp",
        ChatSource.Web => "web",
        _ => "system",
    };

    public static string KindName(MessageKind kind) => kind switch
    {
        MessageKind.Text => "text",
        MessageKind.Action => "action",
        MessageKind.Join => "join",
        MessageKind.Leave => "leave",
        MessageKind.Nick => "nick",
        _ => "system",
    };

    public static ChatMessage Read(DbDataReader row) => new()
    {
        Id = row.GetInt64(0),
        Time = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(1)).UtcDateTime,
        Nick = row.GetString(2),
        Source = row.GetString(3) switch
        {
            "tcp" => ChatSource.Tcp,
            "web" => ChatSource.Web,
            _ => ChatSource.System,
        },
        Kind = row.GetString(4) switch
        {
            "text" => MessageKind.Text,
            "action" => MessageKind.Action,
            "join" => MessageKind.Join,
            "leave" => MessageKind.Leave,
            "nick" => MessageKind.Nick,
            _ => MessageKind.System,
        },
        Text = row.GetString(5),
    };
}
