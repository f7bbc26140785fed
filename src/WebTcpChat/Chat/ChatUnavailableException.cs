namespace WebTcpChat.Chat;

/// <summary>
/// The shared parts of the chat (nicknames, the log) cannot be reached right now. Users get a clear
/// message; the node stays up and recovers by itself.
/// </summary>
internal sealed class ChatUnavailableException : Exception
{
    public const string UserMessage = "The chat is unavailable right now (its shared server cannot be reached). Try again shortly.";

    public ChatUnavailableException()
        : base(UserMessage)
    {
    }

    public ChatUnavailableException(string message)
        : base(message)
    {
    }

    public ChatUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
