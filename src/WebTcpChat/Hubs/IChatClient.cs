using WebTcpChat.Chat;

namespace WebTcpChat.Hubs;

/// <summary>What the server calls on SignalR clients: the hub's public contract, documented in the README.</summary>
public interface IChatClient
{
    /// <summary>One chat event, in the chat's one order. Senders get their own lines back.</summary>
    Task Message(ChatMessage message);

    /// <summary>The latest messages, oldest first, sent once right after connecting.</summary>
    Task History(IReadOnlyList<ChatMessage> messages);

    /// <summary>Everyone online, whenever that changes (and once after connecting).</summary>
    Task Users(IReadOnlyList<UserInfo> users);

    /// <summary>The caller's own nickname: sent first after connecting, and again after each change.</summary>
    Task Nickname(string nick);

    /// <summary>Text for this client alone: command output such as <c>/who</c> and <c>/help</c>.</summary>
    Task Notice(string text);
}
