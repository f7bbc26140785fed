using System.Text;
using System.Text.Json.Serialization;

namespace WebTcpChat.Chat;

/// <summary>
/// One chat event as every client sees it: sent to SignalR clients as camelCase JSON and to TCP
/// clients as one formatted line. Ids increase in delivery order across the whole chat.
/// </summary>
public sealed class ChatMessage
{
    /// <summary>Position in the chat's one order; unique and increasing.</summary>
    public long Id { get; init; }

    /// <summary>When the server accepted the event (UTC, ISO 8601 on the wire).</summary>
    public DateTime Time { get; init; }

    /// <summary>Who caused the event. For <see cref="MessageKind.Nick"/> this is the old nickname.</summary>
    public required string Nick { get; init; }

    /// <summary>Which side the author is on.</summary>
    public ChatSource Source { get; init; }

    /// <summary>What kind of event this is.</summary>
    public MessageKind Kind { get; init; }

    /// <summary>
    /// The line (text), the action (action), the new nickname (nick), the reason (leave), or the
    /// notice (system). Empty for join. Never contains control characters.
    /// </summary>
    public required string Text { get; init; }

    /// <summary>The room the event happened in; absent for a private message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Room { get; init; }

    /// <summary>For a private message, who it is for (their nickname when it was sent).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? To { get; init; }

    /// <summary>The room as rooms are compared (<see cref="Rooms.RoomNames.Key"/>); computed once.</summary>
    [JsonIgnore]
    internal string? RoomKey => Room is null ? null : _roomKey ??= Rooms.RoomNames.Key(Room);

    /// <summary>The recipient as nicknames are compared; computed once.</summary>
    [JsonIgnore]
    internal string? ToKey => To is null ? null : _toKey ??= Nicknames.NickRules.Key(To);

    /// <summary>Which local session sent it, so a TCP author is not echoed its own line.</summary>
    [JsonIgnore]
    internal long OriginSessionId { get; init; }

    /// <summary>
    /// For a private message, the local session that held its recipient's name at its place in the log
    /// (0: none on this node). Set by the fan-out before any writer sees the message.
    /// </summary>
    [JsonIgnore]
    internal long RecipientSessionId { get; set; }

    /// <summary>
    /// For a private message, true when no one held its recipient's name at its place in the log (they
    /// left or were renamed after the sender looked): its sender is told so instead of getting a copy.
    /// </summary>
    [JsonIgnore]
    internal bool RecipientGone { get; set; }

    /// <summary>
    /// The line as a terminal shows it, encoded once by the first TCP writer that needs it and
    /// shared by every other: fan-out must not format a message once per receiver.
    /// </summary>
    [JsonIgnore]
    internal byte[]? EncodedLine { get; set; }

    /// <summary>The other way a terminal may see it (outside its room, or a private message's own copy); likewise shared.</summary>
    [JsonIgnore]
    internal byte[]? EncodedLineAlternative { get; set; }

    /// <summary>The message as JSON for browsers, serialised once and shared the same way.</summary>
    [JsonIgnore]
    internal byte[]? EncodedJson { get; set; }

    /// <summary>
    /// The hub's ready-to-send invocation of this message, built by the first browser writer that
    /// needs it and shared by the others (an object here: the chat core knows no transport).
    /// </summary>
    [JsonIgnore]
    internal object? HubFrame { get; set; }

    /// <summary>About what the message costs on the wire, for send-queue accounting; computed once.</summary>
    [JsonIgnore]
    internal int EstimatedBytes => _estimatedBytes > 0
        ? _estimatedBytes
        : _estimatedBytes = WireOverhead + Encoding.UTF8.GetByteCount(Nick) + Encoding.UTF8.GetByteCount(Text);

    // Time, brackets and line end on TCP; field names and quotes in JSON.
    private const int WireOverhead = 48;
    private int _estimatedBytes;
    private string? _roomKey;
    private string? _toKey;
}
