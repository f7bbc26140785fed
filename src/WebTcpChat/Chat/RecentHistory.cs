namespace WebTcpChat.Chat;

/// <summary>The latest committed messages, in order, kept in memory for history on connect.</summary>
internal sealed class RecentHistory(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<ChatMessage> _messages = new(capacity);

    public void AddRange(IReadOnlyList<ChatMessage> batch)
    {
        lock (_gate)
        {
            foreach (var message in batch)
            {
                if (_messages.Count == capacity)
                {
                    _messages.Dequeue();
                }

                _messages.Enqueue(message);
            }
        }
    }

    /// <summary>The last <paramref name="count"/> messages, oldest first.</summary>
    public ChatMessage[] Latest(int count)
    {
        lock (_gate)
        {
            var skip = Math.Max(0, _messages.Count - count);
            return [.. _messages.Skip(skip)];
        }
    }
}
