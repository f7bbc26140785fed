using System.Data.Common;
using WebTcpChat.Chat;

namespace WebTcpChat.Storage;

/// <summary>How a message maps to its row. Enums are stored by their wire names, not their numbers.</summary>
internal static class MessageColumns
{
    public static ChatMessage Read(DbDataReader row) => new()
    {
        Id = row.GetInt64(0),
        Time = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(1)).UtcDateTime,
        Nick = row.GetString(2),
        Source = WireNames.ParseSource(row.GetString(3)),
        Kind = WireNames.ParseKind(row.GetString(4)),
        Text = row.GetString(5),
        Room = row.GetString(6),
    };
}
