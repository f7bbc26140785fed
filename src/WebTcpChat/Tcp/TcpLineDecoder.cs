using System.Buffers;
using System.Text;
using WebTcpChat.Text;

namespace WebTcpChat.Tcp;

/// <summary>
/// Turns the bytes of one line into chat text: telnet commands skipped, a trailing CR dropped,
/// UTF-8 decoded with invalid bytes as U+FFFD, and control characters removed.
/// </summary>
internal static class TcpLineDecoder
{
    private const int StackLimit = 512;

    // Never throws on bad input: invalid sequences become U+FFFD, as the protocol promises.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string Decode(in ReadOnlySequence<byte> line)
    {
        var length = checked((int)line.Length);
        byte[]? rented = null;
        Span<byte> bytes = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = CopyWithoutTelnetCommands(line, bytes);
            if (written > 0 && bytes[written - 1] == (byte)'\r')
            {
                written--;
            }

            return TextSanitizer.Clean(Utf8.GetString(bytes[..written]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// How many bytes at the end of <paramref name="bytes"/> are the start of a UTF-8 character
    /// whose remaining bytes have not arrived yet (0 to 3).
    /// </summary>
    public static int IncompleteUtf8Tail(in ReadOnlySequence<byte> bytes)
    {
        var tailLength = (int)Math.Min(3, bytes.Length);
        Span<byte> tail = stackalloc byte[3];
        bytes.Slice(bytes.Length - tailLength).CopyTo(tail);
        tail = tail[..tailLength];
        for (var back = 1; back <= tailLength; back++)
        {
            var b = tail[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: look further back for the lead byte
            }

            var needed = b switch
            {
                >= 0xF0 and <= 0xF4 => 4,
                >= 0xE0 => 3,
                >= 0xC2 and < 0xE0 => 2,
                _ => 1,
            };
            return needed > back && b < 0xF5 ? back : 0;
        }

        return 0;
    }

    private static int CopyWithoutTelnetCommands(in ReadOnlySequence<byte> line, Span<byte> destination)
    {
        if (line.PositionOf(TelnetCommand.Iac) is null)
        {
            line.CopyTo(destination);
            return (int)line.Length;
        }

        var written = 0;
        var reader = new SequenceReader<byte>(line);
        while (!reader.End)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> text, TelnetCommand.Iac, advancePastDelimiter: false))
            {
                text = reader.UnreadSequence;
                reader.AdvanceToEnd();
            }

            text.CopyTo(destination[written..]);
            written += (int)text.Length;
            if (!reader.End && !TelnetCommand.TrySkip(ref reader))
            {
                break; // an unfinished command at the very end of the line: drop it
            }
        }

        return written;
    }
}
