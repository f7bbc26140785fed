using System.Globalization;
using WebTcpChat.Chat;

namespace WebTcpChat.ScaleOut;

/// <summary>Who holds a nickname, as stored in its key: "node|session|source|nick".</summary>
internal readonly record struct NickHolder(string Node, long Session, ChatSource Source, string Nick)
{
    public static bool TryParse(string value, out NickHolder holder)
    {
        holder = default;
        var parts = value.Split('|', 4);
        if (parts.Length != 4 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var session))
        {
            return false;
        }

        holder = new NickHolder(parts[0], session, WireNames.ParseSource(parts[2]), parts[3]);
        return true;
    }
}
