using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using WebTcpChat.Chat;

namespace WebTcpChat.Hubs;

/// <summary>
/// The user list as sent to browsers, serialised once per change and copied to each of them. With
/// thousands online the list is large, and every browser gets it after every join or leave.
/// </summary>
[JsonConverter(typeof(Converter))]
internal sealed class SharedUserList(IReadOnlyList<UserInfo> users) : IReadOnlyList<UserInfo>
{
    private static SharedUserList? s_latest;
    private byte[]? _json;

    public int Count => users.Count;

    public UserInfo this[int index] => users[index];

    /// <summary>
    /// The shared wrapper for a presence snapshot. Snapshots are immutable and replaced on every
    /// change, so the one most recently wrapped is what every writer asks for.
    /// </summary>
    public static SharedUserList For(IReadOnlyList<UserInfo> snapshot)
    {
        var latest = Volatile.Read(ref s_latest);
        if (latest is not null && ReferenceEquals(latest.Users, snapshot))
        {
            return latest;
        }

        latest = new SharedUserList(snapshot);
        Volatile.Write(ref s_latest, latest);
        return latest;
    }

    public IEnumerator<UserInfo> GetEnumerator() => users.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IReadOnlyList<UserInfo> Users => users;

    private sealed class Converter : JsonConverter<SharedUserList>
    {
        public override SharedUserList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<UserInfo[]>(ref reader, options) ?? []);

        public override void Write(Utf8JsonWriter writer, SharedUserList value, JsonSerializerOptions options)
        {
            var json = value._json ??= JsonSerializer.SerializeToUtf8Bytes(value.Users, options);
            writer.WriteRawValue(json, skipInputValidation: true);
        }
    }
}
