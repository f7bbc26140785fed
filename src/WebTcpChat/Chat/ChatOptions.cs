using System.ComponentModel.DataAnnotations;

namespace WebTcpChat.Chat;

/// <summary>The <c>Chat</c> section: how the conversation behaves.</summary>
internal sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>Messages sent to a user right after connecting.</summary>
    [Range(0, 500, ErrorMessage = "Chat:HistoryOnConnect must be between {1} and {2}.")]
    public int HistoryOnConnect { get; set; } = 20;

    /// <summary>Messages of the default room kept in memory for history on connect.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Chat:RecentMessages must be between {1} and {2}.")]
    public int RecentMessages { get; set; } = 1_000;

    /// <summary>Messages of every other room kept in memory (older ones are read from the store).</summary>
    [Range(1, 100_000, ErrorMessage = "Chat:RecentMessagesPerRoom must be between {1} and {2}.")]
    public int RecentMessagesPerRoom { get; set; } = 100;

    /// <summary>Where everyone starts, and where plain lines go until a user joins another room.</summary>
    [RegularExpression(@"^#[\p{L}\p{M}\p{Nd}_-]{1,32}$", ErrorMessage = "Chat:DefaultRoom must be # followed by 1 to 32 letters, digits, '-' or '_'.")]
    public string DefaultRoom { get; set; } = "#lobby";
}
