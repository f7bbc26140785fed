namespace WebTcpChat.Chat;

/// <summary>Receives committed events from the log, in id order, one batch at a time.</summary>
internal interface IMessageSink
{
    void Deliver(IReadOnlyList<ChatMessage> batch);
}
