namespace WebTcpChat.Chat.Nicknames;

/// <summary>
/// Who holds which nickname. In-process by default; scaled out, a shared registry makes
/// nicknames unique across every node.
/// </summary>
internal interface INickRegistry
{
    /// <summary>Claims <paramref name="nick"/> for a session; false when someone else holds it.</summary>
    ValueTask<bool> TryClaimAsync(string nick, long sessionId, ChatSource source, CancellationToken cancellationToken);

    /// <summary>Gives the nickname up, if this session holds it.</summary>
    ValueTask ReleaseAsync(string nick, long sessionId, CancellationToken cancellationToken);
}
