namespace WebTcpChat.Chat;

/// <summary>
/// Who is online, kept by replaying join, leave and nick events in log order, so the list always
/// agrees with the messages every user has seen.
/// </summary>
internal sealed class Presence
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChatSource> _users = new(StringComparer.Ordinal);
    private UserInfo[]? _snapshot;

    /// <summary>Applies one event; true when the list changed.</summary>
    public bool Apply(ChatMessage message)
    {
        lock (_gate)
        {
            var changed = message.Kind switch
            {
                MessageKind.Join => _users.TryAdd(message.Nick, message.Source),
                MessageKind.Leave => _users.Remove(message.Nick),
                MessageKind.Nick => Rename(message.Nick, message.Text),
                _ => false,
            };
            if (changed)
            {
                _snapshot = null;
            }

            return changed;
        }
    }

    /// <summary>
    /// Starts from a snapshot (a node joining a chat already under way). Events after the snapshot's
    /// log position are applied on top; join, leave and rename are idempotent, so overlap is harmless.
    /// </summary>
    public void Reset(IEnumerable<UserInfo> users)
    {
        lock (_gate)
        {
            _users.Clear();
            foreach (var user in users)
            {
                _users[user.Nick] = user.Source;
            }

            _snapshot = null;
        }
    }

    /// <summary>Everyone online, sorted by nickname; shared and immutable, so it is cheap to call often.</summary>
    public IReadOnlyList<UserInfo> Snapshot()
    {
        lock (_gate)
        {
            return _snapshot ??= [.. _users
                .Select(user => new UserInfo(user.Key, user.Value))
                .OrderBy(user => user.Nick, StringComparer.OrdinalIgnoreCase)];
        }
    }

    private bool Rename(string from, string to)
    {
        if (!_users.Remove(from, out var source))
        {
            return false;
        }

        _users[to] = source;
        return true;
    }
}
