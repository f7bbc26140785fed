namespace WebTcpChat.Chat;

/// <summary>
/// The latest committed messages, in id order: a write-through copy of the store's tail, loaded
/// from the store at start-up. It serves history on connect without a query, and keeps the chat's
/// recent past available while the store is down.
/// </summary>
internal sealed class RecentHistory(int capacity)
{
    private readonly Lock _gate = new();
    private readonly ChatMessage[] _ring = new ChatMessage[capacity];
    private int _start;
    private int _count;

    public int Capacity => capacity;

    public void AddRange(IReadOnlyList<ChatMessage> batch)
    {
        lock (_gate)
        {
            foreach (var message in batch)
            {
                if (_count > 0 && message.Id <= At(_count - 1).Id)
                {
                    continue; // already here (a reload after the store came back)
                }

                _ring[(_start + _count) % capacity] = message;
                if (_count == capacity)
                {
                    _start = (_start + 1) % capacity;
                }
                else
                {
                    _count++;
                }
            }
        }
    }

    /// <summary>The last <paramref name="count"/> messages, oldest first.</summary>
    public ChatMessage[] Latest(int count) => Before(long.MaxValue, count);

    /// <summary>Up to <paramref name="limit"/> messages just before <paramref name="beforeId"/>, oldest first.</summary>
    public ChatMessage[] Before(long beforeId, int limit)
    {
        lock (_gate)
        {
            var end = FirstIndexAtOrAbove(beforeId);
            var start = Math.Max(0, end - limit);
            return Slice(start, end);
        }
    }

    /// <summary>Up to <paramref name="limit"/> messages just after <paramref name="afterId"/>, oldest first.</summary>
    public ChatMessage[] After(long afterId, int limit)
    {
        lock (_gate)
        {
            var start = FirstIndexAtOrAbove(afterId + 1);
            return Slice(start, Math.Min(_count, start + limit));
        }
    }

    /// <summary>True when every message with an id above <paramref name="afterId"/> is held here.</summary>
    public bool Covers(long afterId)
    {
        lock (_gate)
        {
            return _count == 0 || At(0).Id <= afterId + 1;
        }
    }

    private ChatMessage At(int index) => _ring[(_start + index) % capacity];

    private ChatMessage[] Slice(int from, int to)
    {
        var slice = new ChatMessage[Math.Max(0, to - from)];
        for (var i = 0; i < slice.Length; i++)
        {
            slice[i] = At(from + i);
        }

        return slice;
    }

    // Binary search: ids increase along the ring.
    private int FirstIndexAtOrAbove(long id)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (At(mid).Id < id)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
