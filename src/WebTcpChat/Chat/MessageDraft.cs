namespace WebTcpChat.Chat;

/// <summary>A chat event before the log has given it its id and time.</summary>
internal readonly record struct MessageDraft(
    string Nick, ChatSource Source, MessageKind Kind, string Text, long OriginSessionId)
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
    };
}
