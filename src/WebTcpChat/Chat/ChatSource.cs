using System.Text.Json.Serialization;

namespace WebTcpChat.Chat;

/// <summary>Which side of the gateway a user is on (<c>tcp</c>, <c>web</c> or <c>system</c> on the wire).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChatSource>))]
public enum ChatSource
{
    /// <summary>A raw TCP client: netcat, telnet, a script.</summary>
    [JsonStringEnumMemberName("tcp")] Tcp,

    /// <summary>A SignalR client: the page or a bot.</summary>
    [JsonStringEnumMemberName("web")] Web,

    /// <summary>The server itself.</summary>
    [JsonStringEnumMemberName("system")] System,
}
