using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;
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

    /// <summary>A line with the meaning it would have if typed on TCP: text, <c>/me</c>, <c>/nick</c>, ...</summary>
    public async Task Send(string text)
    {
        var session = CurrentSession();
        metrics.BytesRead(ChatSource.Web, System.Text.Encoding.UTF8.GetByteCount(text ?? ""));
        CommandOutcome outcome;
        try
        {
            outcome = await chat.HandleLineAsync(session, text ?? "", Context.ConnectionAborted);
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
