namespace WebTcpChat.Chat;

/// <summary>
/// A chat event before the log has given it its id and time. <paramref name="ReleasesNick"/> marks a
/// leave or a nick change: committing it also frees <paramref name="Nick"/>, in the same step, so no
/// one ever sees the name free while its holder still looks present (or the other way round).
/// <paramref name="OriginNode"/> names another node whose user this is about (a dead node's users
/// leaving); null means this node. <paramref name="Room"/> is where it happens (null for a private
/// message, which has <paramref name="To"/> instead).
/// </summary>
internal readonly record struct MessageDraft(
    string Nick, ChatSource Source, MessageKind Kind, string Text, long OriginSessionId, bool ReleasesNick = false,
    string? OriginNode = null, string? Room = null, string? To = null)
{
    public ChatMessage Commit(long id, DateTime time) => new()
    {
        Id = id,
        Time = time,
        Nick = Nick,
        Source = Source,
        Kind = Kind,
        Text = Text,
        OriginSessionId = OriginSessionId,
        Room = Room,
        To = To,
    };
}
