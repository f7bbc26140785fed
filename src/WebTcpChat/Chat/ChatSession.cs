using System.Collections.Immutable;
using System.Net;

namespace WebTcpChat.Chat;

/// <summary>
/// One connected user as the chat core sees it, whatever the transport. The transport owns the
/// connection and runs the writer that drains <see cref="Outbox"/>; the core only queues.
/// </summary>
internal abstract class ChatSession
{
    private static long s_lastId;
    private string? _closeReason;
    private ImmutableDictionary<string, string> _rooms = ImmutableDictionary<string, string>.Empty;

    protected ChatSession(ChatSource source, IPAddress? remoteAddress, long sendQueueBytes)
    {
        Id = Interlocked.Increment(ref s_lastId);
        Source = source;
        // Dual-stack listeners report IPv4 peers as ::ffff:a.b.c.d; per-address limits need one form.
        RemoteAddress = remoteAddress is { IsIPv4MappedToIPv6: true } ? remoteAddress.MapToIPv4() : remoteAddress;
        Outbox = new SessionOutbox(sendQueueBytes, OnSendQueueOverflow);
    }

    /// <summary>Unique among this process's sessions; never 0.</summary>
    public long Id { get; }

    public ChatSource Source { get; }

    public IPAddress? RemoteAddress { get; }

    /// <summary>
    /// The current nickname; empty until the core has given one. Changed only by the core, as soon as
    /// the new name is claimed: private messages follow the name in log order instead (see <see cref="PrivateRecipients"/>).
    /// </summary>
    public string Nick { get; internal set; } = "";

    /// <summary>
    /// The rooms the user is in, by key, with their names. Replaced whole, under the dispatcher's
    /// lock, so the fan-out can test membership without a lock of its own.
    /// </summary>
    public ImmutableDictionary<string, string> Rooms
    {
        get => _rooms;
        internal set
        {
            _rooms = value;
            Membership = new MembershipSnapshot(value);
        }
    }

    /// <summary>
    /// The rooms as the fan-out saw them when it queued a batch: the writer filters by this, so a
    /// room joined after a batch was queued does not pull that batch's lines in twice.
    /// </summary>
    public MembershipSnapshot Membership { get; private set; } = MembershipSnapshot.None;

    /// <summary>Where a plain line from this user goes (TCP: the last room joined; the default room otherwise).</summary>
    public string CurrentRoom { get; private set; } = "";

    /// <summary>The current room as rooms are compared.</summary>
    public string CurrentRoomKey { get; private set; } = "";

    internal void SetCurrentRoom(string key, string name)
    {
        CurrentRoomKey = key;
        CurrentRoom = name;
    }

    public SessionOutbox Outbox { get; }

    /// <summary>Where the dispatcher keeps this session while it is attached; -1 when it is not. Under the dispatcher's lock.</summary>
    internal int DispatcherSlot { get; set; } = -1;

    /// <summary>This user's flood-control bucket; the core's <see cref="FloodGate"/> keeps it.</summary>
    public FloodBucket Flood { get; } = new();

    /// <summary>
    /// Whether the user gets their own lines back. Browsers do (to show the server's id and time);
    /// terminals do not: the user already sees what they typed.
    /// </summary>
    public abstract bool EchoesOwnLines { get; }

    /// <summary>Whether the client is sent the whole user list whenever it changes.</summary>
    public abstract bool WantsUserList { get; }

    /// <summary>Why the session ended, once it has; set by whoever ended it first.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>
    /// Whether this user, as <paramref name="membership"/> had it when a fan-out batch was queued,
    /// should get <paramref name="message"/>: room events of its rooms (its own lines only if it
    /// echoes them), events of no room, and private messages to it or from it (from it only if they
    /// reached their recipient).
    /// </summary>
    public bool ShouldReceive(ChatMessage message, MembershipSnapshot membership)
    {
        if (ReferenceEquals(membership, MembershipSnapshot.WholeBatch))
        {
            return true;
        }

        if (message.Kind == MessageKind.Private)
        {
            return message.RecipientSessionId == Id || (message.OriginSessionId == Id && !message.RecipientGone);
        }

        return (message.RoomKey is null || membership.Rooms.ContainsKey(message.RoomKey))
            && (EchoesOwnLines || message.OriginSessionId != Id || message.Kind is not (MessageKind.Text or MessageKind.Action));
    }

    /// <summary>
    /// Queues what a command produced for this user (replies, history, the goodbye of <c>/quit</c>).
    /// Errors are left to the transport: a terminal gets a line, a hub call fails. Returns false when
    /// the user quit.
    /// </summary>
    public bool QueueOutcome(CommandOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Reply:
                Outbox.TryEnqueue(OutboundItem.ForNotice(outcome.Text));
                break;
            case OutcomeKind.History:
                var messages = outcome.Messages ?? [];
                Outbox.TryEnqueue(OutboundItem.ForNotice(outcome.Text));
                Outbox.TryEnqueue(OutboundItem.ForHistory(messages));
                Outbox.TryEnqueue(OutboundItem.ForNotice("End of history"));
                break;
            case OutcomeKind.Quit:
                Close(outcome.Text);
                return false;
        }

        return true;
    }

    /// <summary>Says goodbye with the reason, then closes once everything queued before it is sent.</summary>
    public void Close(string reason)
    {
        RecordCloseReason(reason);
        Outbox.TryEnqueue(OutboundItem.ForClose(reason));
        Outbox.Complete();
    }

    /// <summary>Keeps the first reason given for the end of this session.</summary>
    public void RecordCloseReason(string reason) => Interlocked.CompareExchange(ref _closeReason, reason, null);

    /// <summary>Ends the connection at once, without waiting for the client (its queue is full, or it is gone).</summary>
    protected abstract void Abort(string reason);

    private void OnSendQueueOverflow(long queuedBytes)
    {
        var reason = $"SendQ exceeded ({queuedBytes} bytes queued, limit {Outbox.CapacityBytes})";
        RecordCloseReason(reason);
        Abort(reason);
    }
}
