namespace WebTcpChat.Chat;

/// <summary>
/// One room's latest messages, in id order (ids are the chat's, so a room's have gaps). It holds
/// every message of its room after its oldest one, and, while <see cref="HoldsEverything"/>, every
/// message the room ever had.
/// </summary>
internal sealed class MessageRing(int capacity)
{
    private readonly Lock _gate = new();
    private readonly ChatMessage[] _ring = new ChatMessage[capacity];
    private int _start;
    private int _count;
    private bool _evicted;

    public int Capacity => capacity;

    /// <summary>
    /// True while no older message of this room can exist outside the ring. A ring starts out not
    /// knowing what the store holds before it; <see cref="Prepend"/> tells it.
    /// </summary>
    public bool HoldsEverything { get; private set; }

    public void AddRange(IReadOnlyList<ChatMessage> batch)
    {
        lock (_gate)
        {
            foreach (var message in batch)
            {
                if (_count > 0 && message.Id <= At(_count - 1).Id)
                {
                    continue; // already here: a guard only, since a fill never reads past where live messages start
                }

                _ring[(_start + _count) % capacity] = message;
                if (_count == capacity)
                {
                    _start = (_start + 1) % capacity;
                    _evicted = true;
                    HoldsEverything = false;
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
            return HoldsEverything || (_count > 0 && At(0).Id <= afterId);
        }
    }

    /// <summary>
    /// Puts older messages (from the store) in front of what the ring holds, as far as it has room.
    /// <paramref name="holdsAll"/>: the store has nothing older than these.
    /// </summary>
    public void Prepend(IReadOnlyList<ChatMessage> older, bool holdsAll)
    {
        lock (_gate)
        {
            var firstId = _count > 0 ? At(0).Id : long.MaxValue;
            var candidates = older.Where(message => message.Id < firstId).ToList();
            var fits = candidates.TakeLast(capacity - _count).ToList();
            for (var i = fits.Count - 1; i >= 0; i--)
            {
                _start = (_start - 1 + capacity) % capacity;
                _ring[_start] = fits[i];
                _count++;
            }

            // A ring that already let its oldest live messages go cannot hold everything, whatever the store had.
            HoldsEverything = holdsAll && !_evicted && fits.Count == candidates.Count;
        }
    }

    /// <summary>
    /// Lets go of the messages older than <paramref name="cutoff"/>: retention by age removed them from
    /// the store. Times never go back along the ids, so they are the oldest ones.
    /// </summary>
    public void DropOlderThan(DateTime cutoff)
    {
        lock (_gate)
        {
            while (_count > 0 && At(0).Time < cutoff)
            {
                _ring[_start] = null!;
                _start = (_start + 1) % capacity;
                _count--;
            }
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
