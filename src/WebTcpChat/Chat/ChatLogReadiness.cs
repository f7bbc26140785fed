namespace WebTcpChat.Chat;

/// <summary>
/// Open once the log knows where the chat stands (last id, recent history, who is online). Kestrel
/// may accept connections before that; sessions wait here to attach, so none misses a message or
/// gets a history that is not yet loaded.
/// </summary>
internal sealed class ChatLogReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;

    public Task WhenReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public void MarkReady() => _ready.TrySetResult();
}
