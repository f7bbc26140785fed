namespace WebTcpChat.Chat;

/// <summary>One online user, as listed by <c>/who</c> and the hub's <c>Users</c> event.</summary>
public sealed record UserInfo(string Nick, ChatSource Source);
