using System.Text.Json;
using System.Text.Json.Serialization;
using WebTcpChat.Chat;

namespace WebTcpChat.Hubs;

/// <summary>
/// Writes a message's JSON once for all browsers: the first writer serialises it with the hub's own
/// options (so the wire format is unchanged) and every other receiver copies those bytes. Without
/// it, fan-out to N browsers serialises the same message N times.
/// </summary>
internal sealed class CachedChatMessageConverter : JsonConverter<ChatMessage>
{
    private JsonSerializerOptions? _plain;

    public override ChatMessage? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<ChatMessage>(ref reader, Plain(options));

    public override void Write(Utf8JsonWriter writer, ChatMessage value, JsonSerializerOptions options)
    {
        // Two writers may race to fill it; both produce the same bytes.
        var json = value.EncodedJson ??= JsonSerializer.SerializeToUtf8Bytes(value, Plain(options));
        writer.WriteRawValue(json, skipInputValidation: true);
    }

    // The hub's options without this converter, so serialising does not come back here.
    private JsonSerializerOptions Plain(JsonSerializerOptions options)
    {
        if (_plain is { } plain)
        {
            return plain;
        }

        plain = new JsonSerializerOptions(options);
        plain.Converters.Remove(this);
        return _plain = plain;
    }
}
