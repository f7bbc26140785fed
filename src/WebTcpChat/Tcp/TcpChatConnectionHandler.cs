using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;
using WebTcpChat.Observability;

namespace WebTcpChat.Tcp;

/// <summary>
/// Kestrel hands every connection on the <c>Tcp</c> endpoint here. One session per connection:
/// greeting, history and live feed go out through its writer while the input loop reads lines.
/// </summary>
internal sealed partial class TcpChatConnectionHandler(
    ChatService chat,
    TcpConnectionLimiter limiter,
    IOptionsMonitor<LimitsOptions> limits,
    IOptionsMonitor<TcpOptions> tcpOptions,
    IHostApplicationLifetime lifetime,
    ChatMetrics metrics,
    TimeProvider time,
    ILogger<TcpChatConnectionHandler> logger) : ConnectionHandler
{
    private static readonly TimeSpan RefusalWriteTimeout = TimeSpan.FromSeconds(5);

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var limitValues = limits.CurrentValue;
        using var admission = limiter.TryAdmit(
            (connection.RemoteEndPoint as IPEndPoint)?.Address, limitValues.MaxConnections, limitValues.MaxConnectionsPerIp, out var refusal);
        if (admission is null)
        {
            await RefuseAsync(connection, refusal!).ConfigureAwait(false);
            return;
        }

        TcpKeepAlive.Apply(connection, limitValues.TcpKeepAliveSeconds);
        var session = new TcpSession(connection, limitValues.SendQueueBytes, metrics);
        // Not the connection's own closed token: a client that half-closes or closes right after its
        // last line must still have that line handled. Only stopping the server cancels.
        var stopping = lifetime.ApplicationStopping;
        LogOpened(logger, session.Id, connection.RemoteEndPoint);

        // Kestrel asks connections to close when it stops; say goodbye rather than be cut off.
        using var stopRegistration = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?
            .ConnectionClosedRequested.Register(() => session.Close("Server shutting down"));

        // The writer ends when the session's queue completes, which every way out of here ensures.
        var writer = session.RunWriterAsync(CancellationToken.None);
        try
        {
            await chat.AssignGuestNickAsync(session, stopping).ConfigureAwait(false);
            session.Outbox.TryEnqueue(OutboundItem.ForNotice(
                $"Welcome to WebTcpChat! You are {session.Nick}. Type /help for commands. Times are UTC."));
            await chat.JoinAsync(session, stopping).ConfigureAwait(false);

            using var deadlines = new TcpInputDeadlines(session, limitValues.IdleTimeoutSeconds, limitValues.PartialLineTimeoutSeconds, time, logger);
            using var input = new TcpInputLoop(
                connection.Transport.Input, session, chat, limitValues, tcpOptions.CurrentValue, deadlines, metrics, logger);
            await input.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (ChatUnavailableException ex)
        {
            // The shared chat cannot be reached: say so and hang up; the node itself stays up.
            session.Close(ex.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The server is stopping; the goodbye is already queued.
        }
#pragma warning disable CA1031 // One connection's failure must never take the server down; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, session.Id);
            session.RecordCloseReason("Server error");
        }
        finally
        {
            await chat.DisconnectAsync(session, CancellationToken.None).ConfigureAwait(false);
            await writer.ConfigureAwait(false);
            LogClosed(logger, session.Id, connection.RemoteEndPoint, session.CloseReason ?? "Connection closed");
        }
    }

    // One line saying why, then close: no session, no nickname, no history.
    private async Task RefuseAsync(ConnectionContext connection, string reason)
    {
        LogRefused(logger, connection.RemoteEndPoint, reason);
        var output = connection.Transport.Output;
        try
        {
            TcpLineFormatter.WriteError(output, reason);
            using var timeout = new CancellationTokenSource(RefusalWriteTimeout);
            await output.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConnectionResetException or ConnectionAbortedException or IOException or OperationCanceledException)
        {
            // Gone already, or not reading: the refusal stands either way.
        }
        finally
        {
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 213, Level = LogLevel.Warning, Message = "TCP connection from {RemoteEndPoint} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "TCP session {SessionId} opened from {RemoteEndPoint}")]
    private static partial void LogOpened(ILogger logger, long sessionId, EndPoint? remoteEndPoint);

    [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "TCP session {SessionId} from {RemoteEndPoint} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, long sessionId, EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 212, Level = LogLevel.Error, Message = "TCP session {SessionId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long sessionId);
}
