using System.Buffers;
using System.Text;

namespace WebTcpChat.Text;

/// <summary>
/// Makes user text safe to show anywhere: terminal escape sequences (CSI, OSC, DCS and the like) are
/// removed whole, other C0/C1 control characters are dropped, and a tab becomes a space. Applied to
/// every line as it enters the chat, and again to every line written to a socket.
/// </summary>
internal static class TextSanitizer
{
    private const char Escape = '\u001B';
    private const char Bell = '\u0007';
    private const char C1Csi = '\u009B';
    private const char C1StringTerminator = '\u009C';
    private const char C1Osc = '\u009D';

    // C0 controls, DEL and C1 controls: nothing a user types needs them, and a terminal obeys them.
    private static readonly SearchValues<char> Controls = SearchValues.Create(BuildControls());

    public static bool IsClean(ReadOnlySpan<char> text) => !text.ContainsAny(Controls);

    public static string Clean(string text)
    {
        var first = text.AsSpan().IndexOfAny(Controls);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        var i = first;
        while (i < text.Length)
        {
            var c = text[i];
            if (!Controls.Contains(c))
            {
                builder.Append(c);
                i++;
                continue;
            }

            i = c switch
            {
                '\t' => AppendSpace(builder, i),
                Escape => SkipEscapeSequence(text, i),
                C1Csi => SkipControlSequence(text, i + 1),
                C1Osc or '\u0090' or '\u0098' or '\u009E' or '\u009F' => SkipControlString(text, i + 1),
                _ => i + 1,
            };
        }

        return builder.ToString();
    }

    private static int AppendSpace(StringBuilder builder, int i)
    {
        builder.Append(' ');
        return i + 1;
    }

    // ESC has already been seen at i; returns the index just past the whole sequence.
    private static int SkipEscapeSequence(string text, int i)
    {
        var next = i + 1;
        if (next >= text.Length)
        {
            return next;
        }

        return text[next] switch
        {
            '[' => SkipControlSequence(text, next + 1),
            // OSC, DCS, SOS, PM, APC: strings that run to a terminator (OSC 0 sets titles, OSC 52 the clipboard).
            ']' or 'P' or 'X' or '^' or '_' => SkipControlString(text, next + 1),
            // Intermediates then one final byte (ESC ( B, ESC # 8, ...).
            _ => SkipEscapeFinal(text, next),
        };
    }

    private static int SkipEscapeFinal(string text, int i)
    {
        while (i < text.Length && text[i] is >= ' ' and <= '/')
        {
            i++;
        }

        return i < text.Length && text[i] is >= '0' and <= '~' ? i + 1 : i;
    }

    // CSI: parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E.
    private static int SkipControlSequence(string text, int i)
    {
        while (i < text.Length && text[i] is >= '0' and <= '?')
        {
            i++;
        }

        while (i < text.Length && text[i] is >= ' ' and <= '/')
        {
            i++;
        }

        return i < text.Length && text[i] is >= '@' and <= '~' ? i + 1 : i;
    }

    // Runs to BEL, ST (ESC \ or U+009C), or the end of the text: an unterminated string is dropped whole.
    private static int SkipControlString(string text, int i)
    {
        while (i < text.Length)
        {
            var c = text[i];
            if (c is Bell or C1StringTerminator)
            {
                return i + 1;
            }

            if (c == Escape)
            {
                return i + 1 < text.Length && text[i + 1] == '\\' ? i + 2 : i + 1;
            }

            i++;
        }

        return i;
    }

    private static string BuildControls()
    {
        var chars = new StringBuilder();
        for (var c = '\0'; c < ' '; c++)
        {
            chars.Append(c);
        }

        for (var c = '\u007F'; c <= '\u009F'; c++)
        {
            chars.Append(c);
        }

        return chars.ToString();
    }
}
