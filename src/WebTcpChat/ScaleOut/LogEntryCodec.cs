using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;
using WebTcpChat.Chat;
using WebTcpChat.Text;

namespace WebTcpChat.ScaleOut;

/// <summary>
/// How a message travels in the shared log: the stream entry's id is the message id, field <c>t</c>
/// its time (from Redis) and field <c>d</c> the rest as compact JSON, with the node and session it
/// came from so that the author's own node can tell its TCP user not to expect an echo.
/// </summary>
internal static class LogEntryCodec
{
    private const string TimeField = "t";
    private const string DataField = "d";

    public static string Encode(MessageDraft draft, string node) => JsonSerializer.Serialize(
        new Entry(draft.Nick, WireNames.Source(draft.Source), WireNames.Kind(draft.Kind), draft.Text, draft.OriginNode ?? node, draft.OriginSessionId, draft.Room, draft.To),
        LogEntryJson.Default.Entry);

    /// <summary>When the log gave the entry its place (Unix milliseconds), without decoding the rest.</summary>
    public static long TimeOf(StreamEntry entry) => (long)entry[TimeField];

    public static ChatMessage Decode(StreamEntry entry, string node)
    {
        var id = IdOf(entry.Id);
        var time = TimeOf(entry);
        var data = JsonSerializer.Deserialize((string?)entry[DataField] ?? "", LogEntryJson.Default.Entry)
            ?? throw new JsonException("The entry's data is null.");
        if (data.N is null || data.S is null || data.K is null || data.X is null || data.O is null)
        {
            throw new JsonException("The entry's data lacks a nick, source, kind, text or node.");
        }

        return new ChatMessage
        {
            Id = id,
            Time = DateTimeOffset.FromUnixTimeMilliseconds(time).UtcDateTime,
            Nick = data.N,
            Source = WireNames.ParseSource(data.S),
            Kind = WireNames.ParseKind(data.K),
            Text = TextSanitizer.Clean(data.X), // a no-op for what a node wrote; the log is in a shared Redis
            OriginSessionId = data.O == node ? data.I : 0,
            Room = data.R,
            To = data.T,
        };
    }

    /// <summary>The message id in a stream entry id such as "42-0".</summary>
    public static long IdOf(RedisValue entryId)
    {
        var text = (string)entryId!;
        return long.Parse(text.AsSpan(0, text.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
    }

    /// <summary>The entry id for a message id.</summary>
    public static string EntryId(long id) => id.ToString(CultureInfo.InvariantCulture) + "-0";

    internal sealed record Entry(string N, string S, string K, string X, string O, long I, string? R, string? T);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LogEntryCodec.Entry))]
internal sealed partial class LogEntryJson : JsonSerializerContext;
