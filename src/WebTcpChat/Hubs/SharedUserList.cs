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
    private Serialized? _json;

    /// <summary>This list's <c>Users</c> invocation, serialised once for every browser (<see cref="HubFrames"/>).</summary>
    public Microsoft.AspNetCore.SignalR.SerializedHubMessage? HubFrame { get; set; }

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
            // User by user, not as one raw value: a list of thousands would need one contiguous buffer
            // of that size in every connection's pipe (the large object heap), instead of pooled blocks.
            var json = value._json ??= Serialized.Of(value.Users, options);
            writer.WriteStartArray();
            for (var i = 0; i < json.Ends.Length; i++)
            {
                var start = i == 0 ? 0 : json.Ends[i - 1];
                writer.WriteRawValue(json.Bytes.AsSpan(start, json.Ends[i] - start), skipInputValidation: true);
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>Every user's JSON, back to back, and where each one ends.</summary>
    private sealed record Serialized(byte[] Bytes, int[] Ends)
    {
        public static Serialized Of(IReadOnlyList<UserInfo> users, JsonSerializerOptions options)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(Math.Max(64, users.Count * 40));
            var ends = new int[users.Count];
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true }))
            {
                for (var i = 0; i < users.Count; i++)
                {
                    JsonSerializer.Serialize(writer, users[i], options);
                    writer.Flush();
                    writer.Reset();
                    ends[i] = buffer.WrittenCount;
                }
            }

            return new Serialized(buffer.WrittenSpan.ToArray(), ends);
        }
    }
}
