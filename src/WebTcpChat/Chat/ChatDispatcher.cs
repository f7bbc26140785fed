using System.Collections.Immutable;
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
    private readonly Lock _gate = new();
    private readonly List<ChatMessage> _scratch = [];
    private ChatSession[] _sessions = [];
    private TaskCompletionSource? _allDetached;

    public ChatDispatcher(Presence presence, RecentHistory recent, ChatMetrics metrics)
    {
        _presence = presence;
        _recent = recent;
        _metrics = metrics;
        metrics.ObserveSendQueues(() => Sessions);
    }

    public int SessionCount => Volatile.Read(ref _sessions).Length;

    public IReadOnlyList<ChatSession> Sessions => Volatile.Read(ref _sessions);

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

            _sessions = [.. _sessions, session];
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
            var index = Array.IndexOf(_sessions, session);
            if (index < 0)
            {
                return false;
            }

            _sessions = [.. _sessions[..index], .. _sessions[(index + 1)..]];
            if (_sessions.Length == 0)
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
            var presenceChanged = false;
            foreach (var message in batch)
            {
                presenceChanged |= _presence.Apply(message, out var forgotten);
                if (forgotten is not null)
                {
                    _recent.Forget(forgotten);
                }
            }

            long toTcp = 0, toWeb = 0;
            foreach (var session in _sessions)
            {
                _scratch.Clear();
                foreach (var message in batch)
                {
                    if (session.ShouldReceive(message))
                    {
                        _scratch.Add(message);
                    }
                }

                session.Outbox.TryEnqueueMessages(_scratch);
                if (session.Source == ChatSource.Tcp)
                {
                    toTcp += _scratch.Count;
                }
                else
                {
                    toWeb += _scratch.Count;
                }

                if (presenceChanged && session.WantsUserList)
                {
                    session.Outbox.RequestUsers();
                }
            }

            _metrics.Delivered(ChatSource.Tcp, toTcp);
            _metrics.Delivered(ChatSource.Web, toWeb);
        }
    }

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
            if (_sessions.Length == 0)
            {
                return Task.CompletedTask;
            }

            _allDetached ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _allDetached.Task.WaitAsync(cancellationToken);
        }
    }
}
