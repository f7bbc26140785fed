using System.Buffers;

namespace WebTcpChat.Tcp;

/// <summary>
/// A copy of the line still waiting for its end. When a peer resets the connection, the pipe throws
/// away what it held; this copy lets the server treat the text it had already received exactly as on
/// a normal close. Only new bytes are copied, and never more than one line's limit.
/// </summary>
internal sealed class UnterminatedLine(int maxBytes)
{
    private readonly ArrayBufferWriter<byte> _bytes = new();

    public int Length => _bytes.WrittenCount;

    public ReadOnlySequence<byte> Content => new(_bytes.WrittenMemory);

    /// <summary>Brings the copy up to date with the unconsumed rest of the pipe, which starts with what was copied before.</summary>
    public void Mirror(in ReadOnlySequence<byte> pending)
    {
        var limit = maxBytes > 0 ? Math.Min(pending.Length, maxBytes + 1L) : pending.Length;
        if (limit > _bytes.WrittenCount)
        {
            var fresh = pending.Slice(_bytes.WrittenCount, limit - _bytes.WrittenCount);
            fresh.CopyTo(_bytes.GetSpan((int)fresh.Length));
            _bytes.Advance((int)fresh.Length);
        }
    }

    public void Clear() => _bytes.ResetWrittenCount();
}
