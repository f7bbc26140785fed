namespace WebTcpChat.Chat;

/// <summary>How a typed line turned out, for the transport to show its user.</summary>
internal enum OutcomeKind
{
    /// <summary>Done; everyone sees the effect in the chat.</summary>
    Done,

    /// <summary>Output for this user alone (<c>/who</c>, <c>/help</c>).</summary>
    Reply,

    /// <summary>Refused; the text says why.</summary>
    Error,

    /// <summary>The session ends; the text is the reason (the user's <c>/quit</c>, or "Excess Flood").</summary>
    Quit,

    /// <summary>Past messages for this user alone (<c>/history</c>).</summary>
    History,
}

internal readonly record struct CommandOutcome(OutcomeKind Kind, string Text = "", IReadOnlyList<ChatMessage>? Messages = null)
{
    public static CommandOutcome Done { get; } = new(OutcomeKind.Done);

    public static CommandOutcome Reply(string text) => new(OutcomeKind.Reply, text);

    public static CommandOutcome Error(string text) => new(OutcomeKind.Error, text);

    public static CommandOutcome Quit(string reason) => new(OutcomeKind.Quit, reason);

    /// <summary>Past messages, introduced by <paramref name="heading"/>.</summary>
    public static CommandOutcome History(IReadOnlyList<ChatMessage> messages, string heading) => new(OutcomeKind.History, heading, messages);
}
