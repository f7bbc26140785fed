using System.Collections.Concurrent;

namespace WebTcpChat.Chat.Nicknames;

/// <summary>Nicknames held by this process's sessions, keyed by <see cref="NickRules.Key"/>.</summary>
internal sealed class InProcessNickRegistry : INickRegistry
{
    private readonly ConcurrentDictionary<string, long> _owners = new(StringComparer.Ordinal);

    public ValueTask<bool> TryClaimAsync(string nick, long sessionId, ChatSource source, CancellationToken cancellationToken)
    {
        var owner = _owners.GetOrAdd(NickRules.Key(nick), sessionId);
        return ValueTask.FromResult(owner == sessionId);
    }

    public ValueTask ReleaseAsync(string nick, long sessionId, CancellationToken cancellationToken)
    {
        _owners.TryRemove(new KeyValuePair<string, long>(NickRules.Key(nick), sessionId));
        return ValueTask.CompletedTask;
    }
}
