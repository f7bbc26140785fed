using System.ComponentModel.DataAnnotations;

namespace WebTcpChat.Chat;

/// <summary>The <c>Chat</c> section: how the conversation behaves.</summary>
internal sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>Messages sent to a user right after connecting.</summary>
    [Range(0, 500, ErrorMessage = "Chat:HistoryOnConnect must be between {1} and {2}.")]
    public int HistoryOnConnect { get; set; } = 20;

    /// <summary>Messages kept in memory for history on connect.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Chat:RecentMessages must be between {1} and {2}.")]
    public int RecentMessages { get; set; } = 1_000;
}
