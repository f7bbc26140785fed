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
    private readonly Lock _gate = new();
    private readonly Dictionary<long, (long Bytes, int Count)> _ownLines = [];
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

    /// <summary>Starts delivering to <paramref name="session"/>, after sending it the latest history.</summary>
    public void Attach(ChatSession session, int historyCount)
    {
        lock (_gate)
        {
            session.Outbox.TryEnqueue(OutboundItem.ForHistory(_recent.Latest(historyCount)));
            if (session.WantsUserList)
            {
                session.Outbox.RequestUsers();
            }

            _sessions = [.. _sessions, session];
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
            // One copy of the batch, shared by every session's queue (the log reuses its list): the
            // fan-out costs one queue entry per session and batch, not one per message and receiver.
            var shared = new ChatMessage[batch.Count];
            var presenceChanged = false;
            var bytes = 0L;
            _ownLines.Clear();
            for (var i = 0; i < shared.Length; i++)
            {
                var message = shared[i] = batch[i];
                presenceChanged |= _presence.Apply(message);
                bytes += message.EstimatedBytes;
                if (message.Kind is MessageKind.Text or MessageKind.Action)
                {
                    ref var own = ref CollectionsMarshal.GetValueRefOrAddDefault(_ownLines, message.OriginSessionId, out _);
                    own = (own.Bytes + message.EstimatedBytes, own.Count + 1);
                }
            }

            long toTcp = 0, toWeb = 0;
            foreach (var session in _sessions)
            {
                // What ChatSession.ShouldReceive leaves out: a session's own lines, unless it echoes them.
                var (ownBytes, ownCount) = session.EchoesOwnLines ? default : _ownLines.GetValueOrDefault(session.Id);
                var count = shared.Length - ownCount;
                if (count > 0)
                {
                    session.Outbox.TryEnqueueBatch(shared, bytes - ownBytes);
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
