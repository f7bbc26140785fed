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

    /// <summary>
    /// The message's line as this receiver sees it, encoded once per way of seeing it and shared by
    /// every TCP receiver that sees it so: a line from another room than the receiver's current one
    /// names its room; a private message reads differently to its sender and its recipient.
    /// </summary>
    public static byte[] Encode(ChatMessage message, ChatSession receiver)
    {
        var alternative = message.Kind switch
        {
            MessageKind.Private => message.OriginSessionId == receiver.Id,
            MessageKind.Join or MessageKind.Leave or MessageKind.Nick => false, // the same line in any room
            _ => message.RoomKey != receiver.CurrentRoomKey,
        };
        return alternative
            ? message.EncodedLineAlternative ??= Utf8.GetBytes(Format(message, alternative: true) + "\r\n")
            : message.EncodedLine ??= Utf8.GetBytes(Format(message, alternative: false) + "\r\n");
    }

    /// <summary>
    /// One line. <paramref name="alternative"/>: for a room event, shown outside its room (the room is
    /// named); for a private message, the sender's own copy.
    /// </summary>
    public static string Format(ChatMessage message, bool alternative)
    {
        var time = message.Time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var nick = TextSanitizer.Clean(message.Nick);
        var text = TextSanitizer.Clean(message.Text);
        var room = TextSanitizer.Clean(message.Room ?? "");
        var where = alternative ? $"[{room}] " : "";
        return message.Kind switch
        {
            MessageKind.Text => $"[{time}] {where}<{nick}> {text}",
            MessageKind.Action => $"[{time}] {where}* {nick} {text}",
            MessageKind.Join => $"[{time}] --> {nick} joined {room} ({WireNames.Source(message.Source)})",
            MessageKind.Leave => $"[{time}] <-- {nick} left {room} ({text})",
            MessageKind.Nick => $"[{time}] --- {nick} is now known as {text}",
            MessageKind.Private when alternative => $"[{time}] -> *{TextSanitizer.Clean(message.To ?? "")}* {text}",
            MessageKind.Private => $"[{time}] *{nick}* (private) {text}",
            _ => $"[{time}] {where}*** {text}",
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
