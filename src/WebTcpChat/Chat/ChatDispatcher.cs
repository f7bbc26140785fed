using System.Collections.Immutable;
using System.Runtime.InteropServices;
using WebTcpChat.Observability;

namespace WebTcpChat.Chat;

/// <summary>
/// Fans committed messages out to this node's sessions, in log order. It only queues: each
/// session's writer does the sending, so one slow client never holds up the others. Attaching a
/// session happens between two batches, so its history and its live messages meet with no gap and
/// no overlap.
/// </summary>
internal sealed class ChatDispatcher : IMessageSink
{
    private readonly Presence _presence;
    private readonly RecentHistory _recent;
    private readonly ChatMetrics _metrics;
    private readonly PrivateRecipients _recipients;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Bytes, int Count)> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (long Bytes, int Count)> _private = [];
    private readonly Dictionary<(long Session, string? Room), (long Bytes, int Count)> _ownLines = [];
    private readonly List<(ChatSession Sender, string To)> _undelivered = [];
    private readonly List<string> _emptied = [];
    private (long Bytes, int Count) _toEveryone;
    // Attached sessions in the first _count slots, in no particular order: attaching and detaching
    // thousands of sessions must not copy the whole array each time (O(n²) over a connect storm).
    private ChatSession[] _sessions = new ChatSession[16];
    private int _count;
    private ChatSession[]? _snapshot = [];
    private TaskCompletionSource? _allDetached;

    public ChatDispatcher(Presence presence, RecentHistory recent, ChatMetrics metrics)
    {
        _presence = presence;
        _recent = recent;
        _metrics = metrics;
        _recipients = new PrivateRecipients(presence);
        metrics.ObserveSendQueues(() => Sessions);
    }

    public int SessionCount => Volatile.Read(ref _count);

    /// <summary>The attached sessions at one moment; a copy, made only when something changed since the last one.</summary>
    public IReadOnlyList<ChatSession> Sessions
    {
        get
        {
            if (Volatile.Read(ref _snapshot) is { } snapshot)
            {
                return snapshot;
            }

            lock (_gate)
            {
                return _snapshot ??= _sessions.AsSpan(0, _count).ToArray();
            }
        }
    }

    /// <summary>
    /// Starts delivering to <paramref name="session"/>, in the default room, after sending it that
    /// room's latest history.
    /// </summary>
    public void Attach(ChatSession session, string roomKey, string roomName, int historyCount)
    {
        lock (_gate)
        {
            session.Rooms = ImmutableDictionary<string, string>.Empty.Add(roomKey, roomName);
            session.SetCurrentRoom(roomKey, roomName);
            session.Outbox.TryEnqueue(OutboundItem.ForHistory(_recent.Latest(roomKey, historyCount)));
            if (session.WantsUserList)
            {
                session.Outbox.RequestUsers();
            }

            if (_count == _sessions.Length)
            {
                Array.Resize(ref _sessions, _count * 2);
            }

            session.DispatcherSlot = _count;
            _sessions[_count++] = session;
            _recipients.Attach(session);
            _snapshot = null;
        }
    }

    /// <summary>
    /// Puts the session in a room between two batches and returns the room's latest history, so that
    /// history and the room's live messages meet with no gap and no overlap.
    /// </summary>
    public ChatMessage[] Enter(ChatSession session, string roomKey, string roomName, int historyCount, bool makeCurrent)
    {
        lock (_gate)
        {
            session.Rooms = session.Rooms.SetItem(roomKey, roomName);
            if (makeCurrent)
            {
                session.SetCurrentRoom(roomKey, roomName);
            }

            return _recent.Latest(roomKey, historyCount);
        }
    }

    /// <summary>
    /// Puts the session in a room between two batches, with the room's latest history, so that history
    /// and the room's live messages meet with no gap and no overlap. False, and nothing changed, when
    /// the room's history is not ready: the room is not held (it emptied meanwhile) or is being filled.
    /// </summary>
    public bool TryEnter(ChatSession session, string roomKey, string roomName, int historyCount, bool makeCurrent, out ChatMessage[] history)
    {
        lock (_gate)
        {
            if (!_recent.TryLatest(roomKey, historyCount, out history))
            {
                return false;
            }

            session.Rooms = session.Rooms.SetItem(roomKey, roomName);
            if (makeCurrent)
            {
                session.SetCurrentRoom(roomKey, roomName);
            }

            return true;
        }
    }

    /// <summary>Takes the session out of a room; its current room falls back to <paramref name="fallbackKey"/>.</summary>
    public void Exit(ChatSession session, string roomKey, string fallbackKey)
    {
        lock (_gate)
        {
            session.Rooms = session.Rooms.Remove(roomKey);
            if (session.CurrentRoomKey == roomKey && session.Rooms.TryGetValue(fallbackKey, out var fallback))
            {
                session.SetCurrentRoom(fallbackKey, fallback);
            }
        }
    }

    /// <summary>Stops delivering to the session; true if it was attached.</summary>
    public bool Detach(ChatSession session)
    {
        TaskCompletionSource? allDetached = null;
        lock (_gate)
        {
            var index = session.DispatcherSlot;
            if (index < 0 || index >= _count || !ReferenceEquals(_sessions[index], session))
            {
                return false;
            }

            // The last session takes the leaver's slot: no copy, and the order of sessions does not matter.
            var last = _sessions[--_count];
            _sessions[index] = last;
            last.DispatcherSlot = index;
            _sessions[_count] = null!;
            session.DispatcherSlot = -1;
            _recipients.Detach(session);
            _snapshot = null;
            if (_count == 0)
            {
                allDetached = _allDetached;
            }
        }

        allDetached?.TrySetResult();
        return true;
    }

    public void Deliver(IReadOnlyList<ChatMessage> batch)
    {
        lock (_gate)
        {
            _recent.AddRange(batch);
            // One copy of the batch, shared by every session's queue (the log reuses its list): the
            // fan-out costs one queue entry per session and batch, not one per message and receiver.
            var shared = new ChatMessage[batch.Count];
            var presenceChanged = false;
            _rooms.Clear();
            _private.Clear();
            _ownLines.Clear();
            _undelivered.Clear();
            _toEveryone = default;
            for (var i = 0; i < shared.Length; i++)
            {
                var message = shared[i] = batch[i];
                presenceChanged |= _presence.Apply(message, out var forgotten);
                if (forgotten is not null)
                {
                    _emptied.Add(forgotten);
                }

                _recipients.Apply(message);

                // What each session gets is reckoned per room and per recipient, not per message and session.
                if (message.Kind == MessageKind.Private)
                {
                    AddPrivate(message);
                }
                else if (message.RoomKey is { } room)
                {
                    Add(_rooms, room, message);
                }
                else
                {
                    _toEveryone = Plus(_toEveryone, (message.EstimatedBytes, 1));
                }

                if (message.Kind is MessageKind.Text or MessageKind.Action)
                {
                    // Per room: a line the author sent to a room it has since left is not in its count.
                    Add(_ownLines, (message.OriginSessionId, message.RoomKey), message);
                }
            }

            ForgetRoomsStillEmpty();
            long toTcp = 0, toWeb = 0;
            foreach (var session in _sessions.AsSpan(0, _count))
            {
                // The same reckoning as ChatSession.ShouldReceive: its rooms, its private messages both
                // ways, less its own lines unless it echoes them. The writer filters with this snapshot.
                var membership = session.Membership;
                var (bytes, count) = Plus(_toEveryone, _private.GetValueOrDefault(session.Id));
                foreach (var room in membership.RoomKeys)
                {
                    (bytes, count) = Plus((bytes, count), _rooms.GetValueOrDefault(room));
                    if (!session.EchoesOwnLines)
                    {
                        (bytes, count) = Minus((bytes, count), _ownLines.GetValueOrDefault((session.Id, room)));
                    }
                }

                if (!session.EchoesOwnLines)
                {
                    (bytes, count) = Minus((bytes, count), _ownLines.GetValueOrDefault((session.Id, null)));
                }

                if (count > 0)
                {
                    // The count is exact, so a session that gets the whole batch is not filtered per message.
                    session.Outbox.TryEnqueueBatch(shared, bytes, count == shared.Length ? MembershipSnapshot.WholeBatch : membership);
                }

                if (session.Source == ChatSource.Tcp)
                {
                    toTcp += count;
                }
                else
                {
                    toWeb += count;
                }

                if (presenceChanged && session.WantsUserList)
                {
                    session.Outbox.RequestUsers();
                }
            }

            // After the batch: the sender has seen everything before its message in the log.
            foreach (var (sender, to) in _undelivered)
            {
                sender.Outbox.TryEnqueue(OutboundItem.ForError(PrivateRecipients.NotOnline(to)));
            }

            _metrics.Delivered(ChatSource.Tcp, toTcp);
            _metrics.Delivered(ChatSource.Web, toWeb);
        }
    }

    // Under the lock, in log order: for its recipient here and its sender (once if they are the same),
    // or, when its recipient's name was gone, for no one, and its sender is told.
    private void AddPrivate(ChatMessage message)
    {
        _recipients.Resolve(message);
        if (message.RecipientGone)
        {
            if (_recipients.Session(message.OriginSessionId) is { } sender)
            {
                _undelivered.Add((sender, message.To ?? ""));
            }

            return;
        }

        if (message.OriginSessionId != 0)
        {
            Add(_private, message.OriginSessionId, message);
        }

        if (message.RecipientSessionId != 0 && message.RecipientSessionId != message.OriginSessionId)
        {
            Add(_private, message.RecipientSessionId, message);
        }
    }

    // A room that emptied in this batch keeps its history in memory if it filled again later in the
    // batch, or if a session here has entered it and its join is still on its way.
    private void ForgetRoomsStillEmpty()
    {
        foreach (var room in _emptied)
        {
            if (_presence.RoomName(room) is null && !AnySessionIn(room))
            {
                _recent.Forget(room);
            }
        }

        _emptied.Clear();
    }

    private bool AnySessionIn(string roomKey)
    {
        foreach (var session in _sessions.AsSpan(0, _count))
        {
            if (session.Rooms.ContainsKey(roomKey))
            {
                return true;
            }
        }

        return false;
    }

    private static void Add<TKey>(Dictionary<TKey, (long Bytes, int Count)> totals, TKey key, ChatMessage message)
        where TKey : notnull
    {
        ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, key, out _);
        total = (total.Bytes + message.EstimatedBytes, total.Count + 1);
    }

    private static (long Bytes, int Count) Plus((long Bytes, int Count) a, (long Bytes, int Count) b) =>
        (a.Bytes + b.Bytes, a.Count + b.Count);

    private static (long Bytes, int Count) Minus((long Bytes, int Count) a, (long Bytes, int Count) b) =>
        (a.Bytes - b.Bytes, a.Count - b.Count);

    /// <summary>A line from the server to every user on this node alone (not part of the chat's log).</summary>
    public void NoticeAll(string text)
    {
        foreach (var session in Sessions)
        {
            session.Outbox.TryEnqueue(OutboundItem.ForNotice(text));
        }
    }

    /// <summary>Everyone here should get the user list again (it was rebuilt from a snapshot).</summary>
    public void RefreshUserLists()
    {
        foreach (var session in Sessions)
        {
            if (session.WantsUserList)
            {
                session.Outbox.RequestUsers();
            }
        }
    }

    /// <summary>Completes when no session is attached.</summary>
    public Task WhenAllDetachedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            _allDetached ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _allDetached.Task.WaitAsync(cancellationToken);
        }
    }
}
