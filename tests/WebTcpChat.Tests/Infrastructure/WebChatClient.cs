using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using WebTcpChat.Chat;
using WebTcpChat.Chat.Rooms;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>A SignalR chat user (as a bot or the page would be), with every event it receives queued.</summary>
public sealed class WebChatClient : IAsyncDisposable
{
    private readonly Channel<ChatMessage> _messages = Channel.CreateUnbounded<ChatMessage>();
    private readonly Channel<IReadOnlyList<ChatMessage>> _histories = Channel.CreateUnbounded<IReadOnlyList<ChatMessage>>();
    private readonly Channel<IReadOnlyList<UserInfo>> _users = Channel.CreateUnbounded<IReadOnlyList<UserInfo>>();
    private readonly Channel<string> _notices = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource<string> _firstNick = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebChatClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<ChatMessage>("Message", message => _messages.Writer.TryWrite(message));
        connection.On<IReadOnlyList<ChatMessage>>("History", history => _histories.Writer.TryWrite(history));
        connection.On<IReadOnlyList<UserInfo>>("Users", users => _users.Writer.TryWrite(users));
        connection.On<string>("Notice", notice => _notices.Writer.TryWrite(notice));
        connection.On<string>("Nickname", nick =>
        {
            Nick = nick;
            _firstNick.TrySetResult(nick);
        });
        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    public string Nick { get; private set; } = "";

    /// <summary>Every message received so far, in order.</summary>
    public List<ChatMessage> Received { get; } = [];

    public Task<Exception?> Closed => _closed.Task;

    public static async Task<WebChatClient> ConnectAsync(Uri server, Action<IHubConnectionBuilder>? configure = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(server, "hubs/chat"));
        configure?.Invoke(builder);
        var client = new WebChatClient(builder.Build());
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        await client.Connection.StartAsync(timeout.Token);
        await client._firstNick.Task.WaitAsync(Timeouts.Event);
        return client;
    }

    public Task SendAsync(string text) => Connection.InvokeAsync("Send", text);

    public Task SetNickAsync(string nick) => Connection.InvokeAsync("SetNick", nick);

    // The hub's room methods, by the hub's names: a failure is a HubException saying why.

    /// <summary>Joins a room (made if new); returns its recent history.</summary>
    public Task<List<ChatMessage>> JoinAsync(string room) => Connection.InvokeAsync<List<ChatMessage>>("Join", room);

    public Task LeaveAsync(string room) => Connection.InvokeAsync("Leave", room);

    /// <summary>A line in a room the client has joined.</summary>
    public Task SendToAsync(string room, string text) => Connection.InvokeAsync("SendTo", room, text);

    public Task<List<RoomInfo>> GetRoomsAsync() => Connection.InvokeAsync<List<RoomInfo>>("GetRooms");

    public Task<List<UserInfo>> GetRoomUsersAsync(string room) => Connection.InvokeAsync<List<UserInfo>>("GetRoomUsers", room);

    public async Task<ChatMessage> WaitForMessageAsync(Func<ChatMessage, bool> match)
    {
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        try
        {
            while (true)
            {
                var message = await _messages.Reader.ReadAsync(timeout.Token);
                Received.Add(message);
                if (match(message))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"No matching message within {Timeouts.Event}. Received:\n{string.Join('\n', Received.TakeLast(20).Select(m => $"{m.Id} {m.Kind} {m.Nick}: {Shorten(m.Text)}"))}");
        }
    }

    /// <summary>The next message if one arrives within the absence window, else null; for things that must not happen.</summary>
    public async Task<ChatMessage?> NextMessageWithinAbsenceWindowAsync()
    {
        using var window = new CancellationTokenSource(Timeouts.Absence);
        try
        {
            var message = await _messages.Reader.ReadAsync(window.Token);
            Received.Add(message);
            return message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public Task<ChatMessage> WaitForTextAsync(string text) =>
        WaitForMessageAsync(message => message.Kind == MessageKind.Text && message.Text == text);

    public Task<IReadOnlyList<ChatMessage>> NextHistoryAsync() => ReadAsync(_histories);

    public Task<string> NextNoticeAsync() => ReadAsync(_notices);

    public async Task<IReadOnlyList<UserInfo>> WaitForUsersAsync(Func<IReadOnlyList<UserInfo>, bool> match)
    {
        while (true)
        {
            var users = await ReadAsync(_users);
            if (match(users))
            {
                return users;
            }
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "..." : text;

    private static async Task<T> ReadAsync<T>(Channel<T> channel)
    {
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        return await channel.Reader.ReadAsync(timeout.Token);
    }
}
