using System.Buffers;
using System.Globalization;
using System.Text;
using WebTcpChat.Chat;
using WebTcpChat.Text;

namespace WebTcpChat.Tcp;

/// <summary>
/// How chat events look in a terminal: one line each, with the UTC time, ending in CRLF.
/// Everything is sanitised once more on the way out, so nothing reaches a socket as a control sequence.
/// </summary>
internal static class TcpLineFormatter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The message's line, encoded once and shared by every TCP receiver.</summary>
    public static byte[] Encode(ChatMessage message) => message.EncodedLine ??= Utf8.GetBytes(Format(message) + "\r\n");

    public static string Format(ChatMessage message)
    {
        var time = message.Time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var nick = TextSanitizer.Clean(message.Nick);
        var text = TextSanitizer.Clean(message.Text);
        return message.Kind switch
        {
            MessageKind.Text => $"[{time}] <{nick}> {text}",
            MessageKind.Action => $"[{time}] * {nick} {text}",
            MessageKind.Join => $"[{time}] --> {nick} joined ({WireNames.Source(message.Source)})",
            MessageKind.Leave => $"[{time}] <-- {nick} left ({text})",
            MessageKind.Nick => $"[{time}] --- {nick} is now known as {text}",
            _ => $"[{time}] *** {text}",
        };
    }

    /// <summary>Writes a private notice, one "*** " line per line of text.</summary>
    public static long WriteNotice(IBufferWriter<byte> output, string text)
    {
        var written = 0L;
        foreach (var line in text.Split('\n'))
        {
            written += WriteLine(output, "*** " + TextSanitizer.Clean(line));
        }

        return written;
    }

    public static long WriteError(IBufferWriter<byte> output, string text) =>
        WriteLine(output, "ERROR: " + TextSanitizer.Clean(text));

    private static long WriteLine(IBufferWriter<byte> output, string line)
    {
        var written = Utf8.GetBytes(line, output);
        output.Write("\r\n"u8);
        return written + 2;
    }
}
