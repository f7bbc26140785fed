using System.Text;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat.Nicknames;
using WebTcpChat.Chat.Rooms;
using WebTcpChat.Observability;
using WebTcpChat.Storage;
using WebTcpChat.Text;

namespace WebTcpChat.Chat;

/// <summary>
/// The chat core's front door, the same for every transport: sessions arrive and leave, typed
/// lines become messages or commands, nicknames change. It knows no transport: it queues output
/// on sessions and appends events to the log.
/// </summary>
internal sealed partial class ChatService(
    INickRegistry nicks,
    ChatDispatcher dispatcher,
    Presence presence,
    HistoryReader history,
    ChatLogReadiness readiness,
    ChatMetrics metrics,
    FloodGate flood,
    ChatEvents events,
    RoomMembership rooms,
    IOptionsMonitor<LimitsOptions> limits,
    ILogger<ChatService> logger)
{
    private const int GuestAttempts = 50;
    private const int MaxListedUsers = 200;
    private const int DefaultHistoryLines = 20;
    private const int MaxHistoryLines = 200;
    private const string ShuttingDown = "Server shutting down";

    private volatile bool _closing;

    public const string HelpText =
        """
        Commands:
          /nick NAME        change your nickname (1-32 characters, no spaces)
          /me ACTION        say what you are doing: * you ACTION
          /join #ROOM       join a room (made if new) and make it your current room
          /part [#ROOM]     leave a room (your current one if none is named)
          /rooms            list the rooms and how many are in each
          /who [#ROOM]      list who is in a room (tcp: terminal, web: browser)
          /msg NICK TEXT    a private message to one user
          /history [N]      show the last N messages of your room (20 by default, at most 200)
          /help             show this help
          /quit [REASON]    leave the chat
          //text            send a line that starts with /
        """;

    /// <summary>Gives a new session its guest nickname. Call before <see cref="JoinAsync"/>.</summary>
    public async ValueTask AssignGuestNickAsync(ChatSession session, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < GuestAttempts; attempt++)
        {
            // Four digits while they last, then more: guests never fail to get a name.
            var digits = attempt < GuestAttempts / 2 ? Random.Shared.Next(1_000, 10_000) : Random.Shared.Next(100_000, 1_000_000_000);
            var nick = $"guest-{digits}";
            if (await nicks.TryClaimAsync(nick, session.Id, session.Source, cancellationToken).ConfigureAwait(false))
            {
                session.Nick = nick;
                session.Outbox.TryEnqueue(OutboundItem.ForNickname(nick));
                return;
            }
        }

        throw new InvalidOperationException("No guest nickname could be claimed.");
    }

    /// <summary>Sends the session its history, starts its live feed, and tells everyone it joined.</summary>
    public async ValueTask JoinAsync(ChatSession session, CancellationToken cancellationToken)
    {
        await readiness.WhenReadyAsync(cancellationToken).ConfigureAwait(false);
        if (_closing)
        {
            session.Close(ShuttingDown);
            return;
        }

        metrics.Connected(session.Source);
        LogJoined(logger, session.Nick, session.Source, session.Id);
        await rooms.EnterDefaultRoomAsync(session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the session's part in the chat: no more deliveries, a leave event, its nickname freed.</summary>
    public async ValueTask DisconnectAsync(ChatSession session, CancellationToken cancellationToken)
    {
        session.Outbox.Complete();
        if (!dispatcher.Detach(session))
        {
            await ReleaseNickAsync(session, cancellationToken).ConfigureAwait(false);
            return;
        }

        metrics.Disconnected(session.Source);
        if (session.Outbox.Overflowed)
        {
            metrics.SlowConsumerDropped(session.Source);
        }

        var reason = session.CloseReason ?? "Connection closed";
        LogLeft(logger, session.Nick, session.Source, session.Id, reason);
        await rooms.LeaveAllAsync(session, reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Handles one line typed by a user, with the same meaning on every transport. A plain line goes
    /// to <paramref name="room"/> (a room the session is in), or to the session's current room.
    /// </summary>
    public async ValueTask<CommandOutcome> HandleLineAsync(
        ChatSession session, string line, CancellationToken cancellationToken, string? room = null)
    {
        // Every line counts against the flood limit, even one that is then refused.
        if (!await flood.AdmitAsync(session, cancellationToken).ConfigureAwait(false))
        {
            return CommandOutcome.Quit(FloodGate.ExcessFlood);
        }

        if (line.AsSpan().ContainsAny('\r', '\n'))
        {
            return CommandOutcome.Error("A line cannot contain line breaks: send one line at a time.");
        }

        var maxBytes = limits.CurrentValue.MaxLineBytes;
        if (maxBytes > 0 && Encoding.UTF8.GetByteCount(line) > maxBytes)
        {
            return CommandOutcome.Error($"Line too long: the limit is {maxBytes} bytes. It was not sent.");
        }

        var text = TextSanitizer.Clean(line).TrimEnd();
        if (text.Length == 0)
        {
            return CommandOutcome.Done;
        }

        var target = room ?? session.CurrentRoom;
        if (text[0] != '/' || text.StartsWith("//", StringComparison.Ordinal))
        {
            var body = text[0] == '/' ? text[1..] : text;
            await events.AppendAsync(session, MessageKind.Text, body, target, cancellationToken).ConfigureAwait(false);
            return CommandOutcome.Done;
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var command = space < 0 ? text[1..] : text[1..space];
        var argument = space < 0 ? "" : text[(space + 1)..].Trim();
        return command.ToUpperInvariant() switch
        {
            "NICK" => await NickCommandAsync(session, argument, cancellationToken).ConfigureAwait(false),
            "ME" => await ActionAsync(session, argument, target, cancellationToken).ConfigureAwait(false),
            "JOIN" => await JoinCommandAsync(session, argument, cancellationToken).ConfigureAwait(false),
            "PART" => await PartCommandAsync(session, argument, cancellationToken).ConfigureAwait(false),
            "ROOMS" => CommandOutcome.Reply(DescribeRooms()),
            "WHO" => DescribeMembers(argument.Length == 0 ? target : argument),
            "MSG" => await PrivateMessageAsync(session, argument, cancellationToken).ConfigureAwait(false),
            "HISTORY" => await HistoryCommandAsync(argument, target, cancellationToken).ConfigureAwait(false),
            "HELP" => CommandOutcome.Reply(HelpText),
            "QUIT" => CommandOutcome.Quit(argument.Length == 0 ? "Quit" : $"Quit: {argument}"),
            _ => CommandOutcome.Error($"Unknown command /{command}. Type /help for the list."),
        };
    }

    /// <summary>Changes the session's nickname; returns why not, or null on success. Counts as a line for flood control.</summary>
    public async ValueTask<string?> SetNickAsync(ChatSession session, string requested, CancellationToken cancellationToken)
    {
        if (!await flood.AdmitAsync(session, cancellationToken).ConfigureAwait(false))
        {
            session.Close(FloodGate.ExcessFlood);
            return FloodGate.ExcessFlood;
        }

        return await ChangeNickAsync(session, requested, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<string?> ChangeNickAsync(ChatSession session, string requested, CancellationToken cancellationToken)
    {
        var nick = requested.Trim();
        if (NickRules.Validate(nick) is { } invalid)
        {
            return invalid;
        }

        var old = session.Nick;
        if (string.Equals(old, nick, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            if (!await nicks.TryClaimAsync(nick, session.Id, session.Source, cancellationToken).ConfigureAwait(false))
            {
                return $"The nickname {nick} is taken.";
            }
        }
        catch (ChatUnavailableException ex)
        {
            return ex.Message;
        }

        session.Nick = nick;
        session.Outbox.TryEnqueue(OutboundItem.ForNickname(nick));
        LogNickChanged(logger, old, nick, session.Id);

        // The old name is freed by the log as it commits the change (unless only its case changed).
        var releasesOld = NickRules.Key(old) != NickRules.Key(nick);
        // A nick change is seen by everyone, in the room everyone is in.
        await events.AppendAsync(
            session, MessageKind.Nick, nick, rooms.DefaultRoom, cancellationToken, releasesNick: releasesOld, author: old).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Announces a session again after the shared chat took it for gone (its node was cut off long
    /// enough to be reaped): its name back if still free, a new guest name otherwise, and a join.
    /// </summary>
    public async ValueTask RejoinAsync(ChatSession session, CancellationToken cancellationToken)
    {
        var previous = session.Nick;
        if (!await nicks.TryClaimAsync(previous, session.Id, session.Source, cancellationToken).ConfigureAwait(false))
        {
            await AssignGuestNickAsync(session, cancellationToken).ConfigureAwait(false);
            session.Outbox.TryEnqueue(OutboundItem.ForNotice(
                $"While the chat was cut off, someone else took {previous}. You are now {session.Nick}."));
        }

        foreach (var (_, name) in session.Rooms)
        {
            await events.AppendAsync(session, MessageKind.Join, "", name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Joins a room without making it current (the page keeps its own); counts as a line for flood control.</summary>
    public async ValueTask<RoomResult> JoinRoomAsync(ChatSession session, string room, CancellationToken cancellationToken)
    {
        if (!await flood.AdmitAsync(session, cancellationToken).ConfigureAwait(false))
        {
            session.Close(FloodGate.ExcessFlood);
            return RoomResult.Refused(FloodGate.ExcessFlood);
        }

        return await rooms.JoinAsync(session, room, makeCurrent: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leaves a room; counts as a line for flood control.</summary>
    public async ValueTask<RoomResult> LeaveRoomAsync(ChatSession session, string room, CancellationToken cancellationToken)
    {
        if (!await flood.AdmitAsync(session, cancellationToken).ConfigureAwait(false))
        {
            session.Close(FloodGate.ExcessFlood);
            return RoomResult.Refused(FloodGate.ExcessFlood);
        }

        return await rooms.LeaveAsync(session, room, reason: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every room with its member count.</summary>
    public IReadOnlyList<RoomInfo> Rooms() => rooms.Rooms();

    /// <summary>Who is in a room; null when there is no such room.</summary>
    public IReadOnlyList<UserInfo>? RoomMembers(string room) => rooms.Members(room);

    /// <summary>The room everyone is in.</summary>
    public string DefaultRoom => rooms.DefaultRoom;

    /// <summary>Everyone online (the default room).</summary>
    public IReadOnlyList<UserInfo> Users() => presence.Snapshot();

    /// <summary>Says goodbye to every session, turns newcomers away, and waits (up to the token) until all are gone.</summary>
    public async Task CloseAllAsync(CancellationToken cancellationToken)
    {
        _closing = true;
        foreach (var session in dispatcher.Sessions)
        {
            session.Close(ShuttingDown);
        }

        await dispatcher.WhenAllDetachedAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CommandOutcome> NickCommandAsync(ChatSession session, string argument, CancellationToken cancellationToken)
    {
        if (argument.Length == 0)
        {
            return CommandOutcome.Error($"Usage: /nick NAME. You are {session.Nick}.");
        }

        var error = await ChangeNickAsync(session, argument, cancellationToken).ConfigureAwait(false);
        return error is null ? CommandOutcome.Done : CommandOutcome.Error(error);
    }

    private async ValueTask<CommandOutcome> HistoryCommandAsync(string argument, string room, CancellationToken cancellationToken)
    {
        var count = DefaultHistoryLines;
        if (argument.Length > 0 && (!int.TryParse(argument, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count < 1))
        {
            return CommandOutcome.Error("Usage: /history [N], N a number of messages from 1 to 200.");
        }

        var messages = await history.BeforeAsync(RoomNames.Key(room), long.MaxValue, Math.Min(count, MaxHistoryLines), cancellationToken).ConfigureAwait(false);
        return CommandOutcome.History(messages, $"History of {room}: the last {messages.Count} messages");
    }

    private async ValueTask<CommandOutcome> ActionAsync(ChatSession session, string action, string room, CancellationToken cancellationToken)
    {
        if (action.Length == 0)
        {
            return CommandOutcome.Error("Usage: /me ACTION");
        }

        await events.AppendAsync(session, MessageKind.Action, action, room, cancellationToken).ConfigureAwait(false);
        return CommandOutcome.Done;
    }

    private async ValueTask<CommandOutcome> JoinCommandAsync(ChatSession session, string argument, CancellationToken cancellationToken)
    {
        if (argument.Length == 0)
        {
            return CommandOutcome.Error("Usage: /join #ROOM");
        }

        var joined = await rooms.JoinAsync(session, argument, makeCurrent: true, cancellationToken).ConfigureAwait(false);
        if (!joined.Succeeded)
        {
            return CommandOutcome.Error(joined.Error!);
        }

        return joined.WasAlreadyIn
            ? CommandOutcome.Reply($"You are in {joined.Room}; it is now your current room.")
            : CommandOutcome.History(joined.History, $"You joined {joined.Room}; it is now your current room. Its last {joined.History.Count} messages:");
    }

    private async ValueTask<CommandOutcome> PartCommandAsync(ChatSession session, string argument, CancellationToken cancellationToken)
    {
        var space = argument.IndexOf(' ', StringComparison.Ordinal);
        var (room, reason) = argument.StartsWith('#')
            ? (space < 0 ? argument : argument[..space], space < 0 ? null : argument[(space + 1)..])
            : (null, argument);
        var left = await rooms.LeaveAsync(session, room, reason, cancellationToken).ConfigureAwait(false);
        return left.Succeeded
            ? CommandOutcome.Reply($"You left {left.Room}. Your current room is {session.CurrentRoom}.")
            : CommandOutcome.Error(left.Error!);
    }

    private async ValueTask<CommandOutcome> PrivateMessageAsync(ChatSession session, string argument, CancellationToken cancellationToken)
    {
        var space = argument.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || argument[(space + 1)..].Trim().Length == 0)
        {
            return CommandOutcome.Error("Usage: /msg NICK TEXT");
        }

        var nick = argument[..space];
        if (presence.Find(NickRules.Key(nick)) is not { } recipient)
        {
            return CommandOutcome.Error(PrivateRecipients.NotOnline(nick));
        }

        await events.AppendAsync(session, MessageKind.Private, argument[(space + 1)..].Trim(), room: null, cancellationToken, to: recipient.Nick).ConfigureAwait(false);
        return CommandOutcome.Done;
    }

    private string DescribeRooms()
    {
        var all = rooms.Rooms();
        return $"{all.Count} rooms: {string.Join(", ", all.Select(room => $"{room.Name} ({room.Count})"))}";
    }

    private CommandOutcome DescribeMembers(string room)
    {
        if (rooms.Members(room) is not { } users)
        {
            return CommandOutcome.Error($"There is no room called {room}. /rooms lists them.");
        }

        var listed = users.Take(MaxListedUsers).Select(user => $"{user.Nick} ({WireNames.Source(user.Source)})");
        var more = users.Count > MaxListedUsers ? $" and {users.Count - MaxListedUsers} more" : "";
        return CommandOutcome.Reply($"{users.Count} in {presence.RoomName(RoomNames.Key(room.Trim())) ?? room}: {string.Join(", ", listed)}{more}");
    }

    private async ValueTask ReleaseNickAsync(ChatSession session, CancellationToken cancellationToken)
    {
        if (session.Nick.Length == 0)
        {
            return;
        }

        try
        {
            await nicks.ReleaseAsync(session.Nick, session.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (ChatUnavailableException)
        {
            // The name stays claimed until the shared registry is back and this node's names are reaped or reused.
            LogReleaseFailed(logger, session.Nick, session.Id);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Nick} joined from {Source} (session {SessionId})")]
    private static partial void LogJoined(ILogger logger, string nick, ChatSource source, long sessionId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "{Nick} left {Source} (session {SessionId}): {Reason}")]
    private static partial void LogLeft(ILogger logger, string nick, ChatSource source, long sessionId, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "{OldNick} is now {NewNick} (session {SessionId})")]
    private static partial void LogNickChanged(ILogger logger, string oldNick, string newNick, long sessionId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Could not free the nickname {Nick} of session {SessionId}: the shared registry is unreachable")]
    private static partial void LogReleaseFailed(ILogger logger, string nick, long sessionId);

}
