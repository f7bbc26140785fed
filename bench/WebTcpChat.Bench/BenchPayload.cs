using System.Diagnostics;

namespace WebTcpChat.Bench;

/// <summary>
/// The text of a benchmark message: <c>B&lt;run&gt;:&lt;sender&gt;:&lt;seq&gt;:&lt;micros&gt;</c>, fixed width, so a
/// receiver finds it at a fixed distance from the end of a TCP line and parses it without allocating.
/// The run number keeps a reused server's history (earlier runs) out of the counts.
/// </summary>
internal static class BenchPayload
{
    public const int Length = 29; // B rrrr : ssss : qqqqqqq : tttttttttt
    public const int SyncSender = 9_999;
    public const int MaxSenders = 9_998;
    public const int MaxSequence = 9_999_999;

    private static readonly long Origin = Stopwatch.GetTimestamp();

    /// <summary>Microseconds since the generator started: the clock every send and receipt is stamped with.</summary>
    public static long NowMicros() => ElapsedMicros(Stopwatch.GetTimestamp());

    public static long ElapsedMicros(long timestamp) => (timestamp - Origin) * 1_000_000 / Stopwatch.Frequency;

    /// <summary>Writes one payload into <paramref name="destination"/> (at least <see cref="Length"/> bytes).</summary>
    public static void Write(Span<byte> destination, int run, int sender, int sequence, long micros)
    {
        destination[0] = (byte)'B';
        WriteDigits(destination.Slice(1, 4), run);
        destination[5] = (byte)':';
        WriteDigits(destination.Slice(6, 4), sender);
        destination[10] = (byte)':';
        WriteDigits(destination.Slice(11, 7), sequence);
        destination[18] = (byte)':';
        WriteDigits(destination.Slice(19, 10), micros);
    }

    public static string Format(int run, int sender, int sequence, long micros)
    {
        Span<byte> bytes = stackalloc byte[Length];
        Write(bytes, run, sender, sequence, micros);
        return System.Text.Encoding.ASCII.GetString(bytes);
    }

    /// <summary>Parses a payload of this run; false for anything else (joins, greetings, other runs).</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, int run, out int sender, out int sequence, out long micros)
    {
        sender = sequence = 0;
        micros = 0;
        if (text.Length != Length || text[0] != 'B' || text[5] != ':' || text[10] != ':' || text[18] != ':'
            || ReadDigits(text.Slice(1, 4)) != run)
        {
            return false;
        }

        sender = (int)ReadDigits(text.Slice(6, 4));
        sequence = (int)ReadDigits(text.Slice(11, 7));
        micros = ReadDigits(text.Slice(19, 10));
        return sender >= 0 && sequence >= 0 && micros >= 0;
    }

    /// <summary>The same for the text of a SignalR message.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, int run, out int sender, out int sequence, out long micros)
    {
        Span<byte> bytes = stackalloc byte[Length];
        sender = sequence = 0;
        micros = 0;
        if (text.Length != Length)
        {
            return false;
        }

        for (var i = 0; i < Length; i++)
        {
            bytes[i] = text[i] < 128 ? (byte)text[i] : (byte)0;
        }

        return TryParse(bytes, run, out sender, out sequence, out micros);
    }

    private static void WriteDigits(Span<byte> destination, long value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    // -1 when a byte is not a digit.
    private static long ReadDigits(ReadOnlySpan<byte> digits)
    {
        var value = 0L;
        foreach (var b in digits)
        {
            var digit = b - '0';
            if ((uint)digit > 9)
            {
                return -1;
            }

            value = value * 10 + digit;
        }

        return value;
    }
}
