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
        SequencePosition? unfinishedCommand = null;
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
                unfinishedCommand = reader.Position;
                break;
            }
        }

        // No end of line yet: wait for more, unless the line can no longer fit (one spare byte for a CR).
        // A telnet command still arriving is left for SkipRestOfLine, which follows it byte by byte:
        // its bytes (a line feed among them) are not text, however the stream is cut.
        if (maxLineBytes > 0 && buffer.Length > maxLineBytes + 1L)
        {
            buffer = buffer.Slice(unfinishedCommand ?? buffer.End);
            return LineReadStatus.TooLong;
        }

        return LineReadStatus.Incomplete;
    }

    /// <summary>
    /// Skips the rest of an over-long line. Returns true once its line feed has been consumed;
    /// otherwise consumes everything and returns false. <paramref name="telnet"/> carries telnet's
    /// framing from one call to the next (start at <see cref="TelnetState.Data"/>), so a line feed
    /// inside a telnet command never ends the line, wherever the stream was cut. <paramref name="skipped"/>
    /// counts the bytes.
    /// </summary>
    public static bool SkipRestOfLine(ref ReadOnlySequence<byte> buffer, ref TelnetState telnet, out long skipped)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            // In text, jump straight to the next byte that matters.
            if (telnet == TelnetState.Data && !reader.TryAdvanceToAny(LineFeedOrIac, advancePastDelimiter: false))
            {
                break;
            }

            if (!reader.TryRead(out var b))
            {
                break;
            }

            if (telnet == TelnetState.Data && b == LineFeed)
            {
                skipped = reader.Consumed;
                buffer = buffer.Slice(reader.Position);
                return true;
            }

            telnet = TelnetCommand.Next(telnet, b);
        }

        skipped = buffer.Length;
        buffer = buffer.Slice(buffer.End);
        return false;
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
