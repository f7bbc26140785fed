using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Rooms;
using WebTcpChat.Observability;

namespace WebTcpChat.Hubs;

/// <summary>
/// The SignalR side of the chat, at <c>/hubs/chat</c>. Thin on purpose: each call is handed to the
/// chat core, which treats browsers and terminals alike.
/// </summary>
internal sealed class ChatHub(
    ChatService chat, IHubContext<ChatHub, IChatClient> hubContext, IOptionsMonitor<LimitsOptions> limits, ChatMetrics metrics)
    : Hub<IChatClient>
{
    private const string SessionKey = "session";

    public override async Task OnConnectedAsync()
    {
        var session = new WebSession(Context, hubContext.Clients.Client(Context.ConnectionId), chat, metrics, limits.CurrentValue.SendQueueBytes);
        Context.Items[SessionKey] = session;
        try
        {
            await chat.AssignGuestNickAsync(session, Context.ConnectionAborted);
        }
        catch (ChatUnavailableException ex)
        {
            throw new HubException(ex.Message);
        }

        // The writer outlives this call and ends when the session's queue completes on disconnect.
        _ = session.RunWriterAsync(CancellationToken.None);
        await chat.JoinAsync(session, Context.ConnectionAborted);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(SessionKey, out var value) && value is WebSession session)
        {
            session.RecordCloseReason(exception is null ? "Connection closed" : "Connection lost");
            await chat.DisconnectAsync(session, CancellationToken.None);
        }
    }

    /// <summary>A line in the default room, with the meaning it would have if typed on TCP: text, <c>/me</c>, <c>/nick</c>, ...</summary>
    public Task Send(string text)
    {
        var session = CurrentSession();
        return RunLineAsync(session, text, session.Rooms.GetValueOrDefault(RoomNames.Key(chat.DefaultRoom)) ?? chat.DefaultRoom);
    }

    /// <summary>A line in a room the caller has joined, with the meaning of a typed line there.</summary>
    public Task SendTo(string room, string text)
    {
        var session = CurrentSession();
        var key = RoomNames.Key((room ?? "").Trim());
        return session.Rooms.TryGetValue(key, out var joined)
            ? RunLineAsync(session, text, joined)
            : throw new HubException($"You are not in {room}: join it first.");
    }

    /// <summary>Joins a room (creating it if need be) and returns its recent history.</summary>
    public async Task<IReadOnlyList<ChatMessage>> Join(string room)
    {
        var joined = await chat.JoinRoomAsync(CurrentSession(), room ?? "", Context.ConnectionAborted);
        return joined.Succeeded ? joined.History : throw new HubException(joined.Error);
    }

    /// <summary>Leaves a room; the default room cannot be left.</summary>
    public async Task Leave(string room)
    {
        var left = await chat.LeaveRoomAsync(CurrentSession(), room ?? "", Context.ConnectionAborted);
        if (!left.Succeeded)
        {
            throw new HubException(left.Error);
        }
    }

    /// <summary>Every room and how many are in it.</summary>
    public IReadOnlyList<RoomInfo> GetRooms() => chat.Rooms();

    /// <summary>Who is in a room.</summary>
    public IReadOnlyList<UserInfo> GetRoomUsers(string room) =>
        chat.RoomMembers(room ?? "") ?? throw new HubException($"There is no room called {room}.");

    private async Task RunLineAsync(WebSession session, string? text, string room)
    {
        metrics.BytesRead(ChatSource.Web, System.Text.Encoding.UTF8.GetByteCount(text ?? ""));
        CommandOutcome outcome;
        try
        {
            outcome = await chat.HandleLineAsync(session, text ?? "", Context.ConnectionAborted, room);
        }
        catch (OperationCanceledException) when (Context.ConnectionAborted.IsCancellationRequested)
        {
            return; // the caller left while its line waited for the flood limit: nobody to answer
        }

        if (outcome.Kind == OutcomeKind.Error)
        {
            throw new HubException(outcome.Text);
        }

        session.QueueOutcome(outcome);
    }

    /// <summary>Changes the caller's nickname, or fails with a <see cref="HubException"/> saying why.</summary>
    public async Task SetNick(string nick)
    {
        string? error;
        try
        {
            error = await chat.SetNickAsync(CurrentSession(), nick ?? "", Context.ConnectionAborted);
        }
        catch (OperationCanceledException) when (Context.ConnectionAborted.IsCancellationRequested)
        {
            return; // as in Send
        }

        if (error is not null)
        {
            throw new HubException(error);
        }
    }

    private WebSession CurrentSession() =>
        Context.Items.TryGetValue(SessionKey, out var value) && value is WebSession session
            ? session
            : throw new HubException("Not connected to the chat.");
}
