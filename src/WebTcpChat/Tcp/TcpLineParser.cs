using System.Buffers;

namespace WebTcpChat.Tcp;

/// <summary>
/// Splits the TCP byte stream into lines ending in LF (a CR before it is dropped later, by the
/// decoder). Pure functions over <see cref="ReadOnlySequence{T}"/>: they never touch a pipe or a
/// socket, so every prefix and every segmentation can be tested.
/// </summary>
internal static class TcpLineParser
{
    private const byte LineFeed = (byte)'\n';
    private const byte CarriageReturn = (byte)'\r';
    private static readonly byte[] LineFeedOrIac = [LineFeed, TelnetCommand.Iac];

    /// <summary>
    /// Reads one line from the front of <paramref name="buffer"/> and advances the buffer past it.
    /// A line feed inside a telnet subnegotiation does not end a line. <paramref name="maxLineBytes"/>
    /// counts the line's bytes without its terminator; 0 means no limit.
    /// </summary>
    public static LineReadStatus TryReadLine(
        ref ReadOnlySequence<byte> buffer, int maxLineBytes, out ReadOnlySequence<byte> line, out bool lineEnded)
    {
        line = default;
        lineEnded = false;
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryAdvanceToAny(LineFeedOrIac, advancePastDelimiter: false))
        {
            if (reader.TryPeek(out var b) && b == LineFeed)
            {
                var content = buffer.Slice(0, reader.Position);
                buffer = buffer.Slice(reader.Position).Slice(1);
                lineEnded = true;
                if (maxLineBytes > 0 && ContentLength(content) > maxLineBytes)
                {
                    return LineReadStatus.TooLong;
                }

                line = content;
                return LineReadStatus.Line;
            }

            if (!TelnetCommand.TrySkip(ref reader))
            {
                break;
            }
        }

        // No end of line yet: wait for more, unless the line can no longer fit (one spare byte for a CR).
        if (maxLineBytes > 0 && buffer.Length > maxLineBytes + 1L)
        {
            buffer = buffer.Slice(buffer.End);
            return LineReadStatus.TooLong;
        }

        return LineReadStatus.Incomplete;
    }

    /// <summary>
    /// Skips the rest of an over-long line. Returns true once its line feed has been consumed;
    /// otherwise consumes everything and returns false. <paramref name="skipped"/> counts the bytes.
    /// </summary>
    public static bool SkipRestOfLine(ref ReadOnlySequence<byte> buffer, out long skipped)
    {
        var end = buffer.PositionOf(LineFeed);
        if (end is null)
        {
            skipped = buffer.Length;
            buffer = buffer.Slice(buffer.End);
            return false;
        }

        var afterLineFeed = buffer.GetPosition(1, end.Value);
        skipped = buffer.Slice(0, afterLineFeed).Length;
        buffer = buffer.Slice(afterLineFeed);
        return true;
    }

    private static long ContentLength(in ReadOnlySequence<byte> content)
    {
        var length = content.Length;
        if (length > 0 && content.Slice(length - 1).FirstSpan[0] == CarriageReturn)
        {
            length--;
        }

        return length;
    }
}
