using System.Threading.Channels;
using WebTcpChat.Observability;

namespace WebTcpChat.Chat;

/// <summary>Appends a session's events to the log: lines, actions, joins, leaves, private messages.</summary>
internal sealed partial class ChatEvents(IChatLog log, ChatMetrics metrics, ILogger<ChatEvents> logger)
{
    /// <summary>
    /// Appends one event by <paramref name="session"/> in <paramref name="room"/> (null with
    /// <paramref name="to"/> for a private message). <paramref name="releasesNick"/>: committing it
    /// frees the session's nickname (its last leave, or the old name of a rename). <paramref name="author"/>:
    /// the name the event is from, when not the session's current one (a rename is from the old name).
    /// </summary>
    public async ValueTask AppendAsync(
        ChatSession session, MessageKind kind, string text, string? room, CancellationToken cancellationToken,
        bool releasesNick = false, string? to = null, string? author = null)
    {
        try
        {
            await log.AppendAsync(
                new MessageDraft(author ?? session.Nick, session.Source, kind, text, session.Id, releasesNick, Room: room, To: to),
                cancellationToken).ConfigureAwait(false);
            if (kind is MessageKind.Text or MessageKind.Action or MessageKind.Private)
            {
                metrics.Received(session.Source);
            }
        }
        catch (ChannelClosedException)
        {
            // The log has stopped: the server is shutting down and nobody is left to tell.
            LogDroppedAtShutdown(logger, kind, session.Id);
        }
    }

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "A {Kind} event from session {SessionId} was dropped: the log has stopped")]
    private static partial void LogDroppedAtShutdown(ILogger logger, MessageKind kind, long sessionId);
}
