using WebTcpChat.Chat;

namespace WebTcpChat.ScaleOut;

/// <summary>
/// The answer to a batch that Redis refused (an error of the append itself, such as a key of the
/// wrong type, not an outage): sent again it would fail again, so instead each of its senders on
/// this node is told, with an error, what was not delivered, and the refusal is logged. The append
/// script writes nothing of a batch it refuses, so nobody saw any of it: the error is the whole outcome.
/// </summary>
internal sealed partial class RefusedBatch(ChatDispatcher dispatcher, ILogger<RefusedBatch> logger)
{
    private const int QuotedLength = 60;

    public void Answer(IReadOnlyList<MessageDraft> batch, Exception reason)
    {
        LogRefused(logger, reason, batch.Count);
        var sessions = dispatcher.Sessions.ToDictionary(session => session.Id);
        foreach (var draft in batch)
        {
            // A leave on behalf of a dead node has no sender here: the next reaping round sends it again.
            if (draft.OriginNode is null && sessions.TryGetValue(draft.OriginSessionId, out var sender))
            {
                sender.Outbox.TryEnqueue(OutboundItem.ForError(Describe(draft)));
            }
        }
    }

    private static string Describe(MessageDraft draft)
    {
        const string Refused = "the chat's shared server refused it (a server error, logged)";
        return draft.Kind switch
        {
            MessageKind.Join => $"Your joining {draft.Room} was not recorded: {Refused}. The others do not see you there.",
            MessageKind.Leave => $"Your leaving {draft.Room} was not recorded: {Refused}.",
            MessageKind.Nick => $"Your change of nickname to {draft.Text} was not recorded: {Refused}. The others still see your old one.",
            MessageKind.Private => $"Not delivered to {draft.To}, {Refused}: {Quote(draft.Text)}",
            _ => $"Not delivered, {Refused}: {Quote(draft.Text)}",
        };
    }

    private static string Quote(string text)
    {
        if (text.Length <= QuotedLength)
        {
            return text;
        }

        // Never half of a surrogate pair.
        var cut = char.IsHighSurrogate(text[QuotedLength - 1]) ? QuotedLength - 1 : QuotedLength;
        return text[..cut] + "...";
    }

    [LoggerMessage(EventId = 415, Level = LogLevel.Error, Message = "Redis refused an append of {Count} events; their senders are told they were not delivered")]
    private static partial void LogRefused(ILogger logger, Exception exception, int count);
}
