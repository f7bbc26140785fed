namespace WebTcpChat.Chat;

/// <summary>
/// The chat's one order. Takes events from users on any transport (and, scaled out, any node),
/// gives each its id and time, makes it durable, and hands committed events in id order to
/// <see cref="IMessageSink"/>. In-process by default; a shared log takes its place across nodes.
/// </summary>
internal interface IChatLog
{
    /// <summary>Queues an event for the log. Completes once the log has accepted it, not when delivered.</summary>
    ValueTask AppendAsync(MessageDraft draft, CancellationToken cancellationToken);
}
