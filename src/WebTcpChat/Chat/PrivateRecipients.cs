using WebTcpChat.Chat.Nicknames;

namespace WebTcpChat.Chat;

/// <summary>
/// Who a private message is for, decided at its place in the log: the session that held the
/// recipient's name there, not whoever holds it when the message is delivered. A rename takes effect
/// in its session at once (to claim the new name), but in the log only where its event is, so a
/// message sent to the old name just before still reaches the renamed user, and one after it reaches
/// no one and its sender is told. The names of this node's sessions follow their own join, rename and
/// leave events. Used under the dispatcher's lock, in log order.
/// </summary>
internal sealed class PrivateRecipients(Presence presence)
{
    private readonly Dictionary<long, Holder> _sessions = [];
    private readonly Dictionary<string, Holder> _byNickKey = new(StringComparer.Ordinal);

    /// <summary>The error a sender gets when no one online has the name it wrote to.</summary>
    public static string NotOnline(string nick) => $"No one called {nick} is online.";

    /// <summary>The session may now receive; it gets a name with its first join event.</summary>
    public void Attach(ChatSession session) => _sessions[session.Id] = new Holder(session);

    public void Detach(ChatSession session)
    {
        if (_sessions.Remove(session.Id, out var holder))
        {
            Unbind(holder);
        }
    }

    /// <summary>This node's attached session with this id, if any.</summary>
    public ChatSession? Session(long id) => _sessions.TryGetValue(id, out var holder) ? holder.Session : null;

    /// <summary>Follows a committed event of this node's sessions; call after presence has applied it.</summary>
    public void Apply(ChatMessage message)
    {
        if (message.OriginSessionId == 0 || !_sessions.TryGetValue(message.OriginSessionId, out var holder))
        {
            return;
        }

        switch (message.Kind)
        {
            case MessageKind.Join:
                // Also a rejoin after a partition, perhaps under a new guest name, with no rename event.
                Bind(holder, NickRules.Key(message.Nick));
                break;
            case MessageKind.Nick:
                Bind(holder, NickRules.Key(message.Text));
                break;
            case MessageKind.Leave when holder.NickKey is { } key && !presence.IsOnline(key):
                // Its last leave (or, after a partition, the leave another node announced for it).
                Unbind(holder);
                break;
        }
    }

    /// <summary>Marks a private message with its recipient here (if any), or as reaching no one.</summary>
    public void Resolve(ChatMessage message)
    {
        var to = message.ToKey ?? "";
        message.RecipientGone = !presence.IsOnline(to);
        message.RecipientSessionId = !message.RecipientGone && _byNickKey.TryGetValue(to, out var holder) ? holder.Session.Id : 0;
    }

    private void Bind(Holder holder, string nickKey)
    {
        if (holder.NickKey == nickKey)
        {
            return;
        }

        Unbind(holder);
        if (_byNickKey.TryGetValue(nickKey, out var previous))
        {
            // Names are unique at any place in the log, so this one lost it in an event not seen here.
            previous.NickKey = null;
        }

        _byNickKey[nickKey] = holder;
        holder.NickKey = nickKey;
    }

    private void Unbind(Holder holder)
    {
        if (holder.NickKey is { } key && _byNickKey.TryGetValue(key, out var bound) && ReferenceEquals(bound, holder))
        {
            _byNickKey.Remove(key);
        }

        holder.NickKey = null;
    }

    private sealed class Holder(ChatSession session)
    {
        public ChatSession Session { get; } = session;

        /// <summary>The name the session has at the fan-out's place in the log; null before its first join.</summary>
        public string? NickKey { get; set; }
    }
}
