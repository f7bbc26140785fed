using System.Text.Json.Serialization;

namespace WebTcpChat.Chat;

/// <summary>What a <see cref="ChatMessage"/> records (lower-case on the wire).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageKind>))]
public enum MessageKind
{
    /// <summary>A chat line.</summary>
    [JsonStringEnumMemberName("text")] Text,

    /// <summary>A <c>/me</c> action.</summary>
    [JsonStringEnumMemberName("action")] Action,

    /// <summary>A user arrived.</summary>
    [JsonStringEnumMemberName("join")] Join,

    /// <summary>A user left; the text is the reason.</summary>
    [JsonStringEnumMemberName("leave")] Leave,

    /// <summary>A nickname change; nick is the old name, text the new one.</summary>
    [JsonStringEnumMemberName("nick")] Nick,

    /// <summary>A notice from the server to everyone.</summary>
    [JsonStringEnumMemberName("system")] System,

    /// <summary>A private message to one user; it has <c>to</c> and no room.</summary>
    [JsonStringEnumMemberName("private")] Private,
}
