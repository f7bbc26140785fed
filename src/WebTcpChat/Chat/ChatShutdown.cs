namespace WebTcpChat.Chat;

/// <summary>
/// On Ctrl+C or SIGTERM, says goodbye to every user and waits for them to go, so their leave events
/// reach the log and Kestrel finds no connection left to wait 30 seconds for. Registered after the
/// log, so it stops before it.
/// </summary>
internal sealed partial class ChatShutdown(ChatService chat, ILogger<ChatShutdown> logger) : IHostedService
{
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(GoodbyeTimeout);
        try
        {
            await chat.CloseAllAsync(timeout.Token).ConfigureAwait(false);
            LogAllClosed(logger);
        }
        catch (OperationCanceledException)
        {
            LogGoodbyeTimedOut(logger, GoodbyeTimeout.TotalSeconds);
        }
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Every session has been closed")]
    private static partial void LogAllClosed(ILogger logger);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Some sessions were still open {Seconds} s after the goodbye; stopping anyway")]
    private static partial void LogGoodbyeTimedOut(ILogger logger, double seconds);
}
