namespace WebTcpChat.Chat;

/// <summary>What a session's writer can be asked to send.</summary>
internal enum OutboundKind
{
    Messages,
    History,
    Nickname,
    Notice,
    Error,
    Close,
}

/// <summary>One entry in a session's send queue. Messages are shared by reference, never copied.</summary>
internal readonly record struct OutboundItem(
    OutboundKind Kind, long Bytes, IReadOnlyList<ChatMessage>? History = null, string? Text = null,
    ChatMessage[]? Batch = null, MembershipSnapshot? Membership = null)
{
    private const int TextOverhead = 32;

    /// <summary>
    /// A batch of the fan-out, one array shared by every session: one queue entry per batch, not per
    /// message and receiver. The writer skips what <see cref="ChatSession.ShouldReceive(ChatMessage, MembershipSnapshot)"/>
    /// excludes for <paramref name="membership"/> (the session as it was when queued); <paramref name="bytes"/> counts only the rest.
    /// </summary>
    public static OutboundItem ForMessages(ChatMessage[] batch, long bytes, MembershipSnapshot membership) =>
        new(OutboundKind.Messages, bytes, Batch: batch, Membership: membership);

    public static OutboundItem ForHistory(IReadOnlyList<ChatMessage> history)
    {
        var bytes = TextOverhead;
        foreach (var message in history)
        {
            bytes += message.EstimatedBytes;
        }

        return new(OutboundKind.History, bytes, History: history);
    }

    /// <summary>Tells the client its own nickname (after connecting, and after each change).</summary>
    public static OutboundItem ForNickname(string nick) => new(OutboundKind.Nickname, TextOverhead + nick.Length * 3, Text: nick);

    /// <summary>A private reply to this user (command output, greeting).</summary>
    public static OutboundItem ForNotice(string text) => new(OutboundKind.Notice, TextOverhead + text.Length * 3, Text: text);

    /// <summary>An error for this user alone.</summary>
    public static OutboundItem ForError(string text) => new(OutboundKind.Error, TextOverhead + text.Length * 3, Text: text);

    /// <summary>Say goodbye with this reason, then end the connection once everything before it is sent.</summary>
    public static OutboundItem ForClose(string reason) => new(OutboundKind.Close, TextOverhead + reason.Length * 3, Text: reason);
}
