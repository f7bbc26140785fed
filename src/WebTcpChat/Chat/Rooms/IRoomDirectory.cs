namespace WebTcpChat.Chat.Rooms;

/// <summary>
/// How each room's name is written, the same everywhere: the first to create a room names it, and
/// whoever joins later in another case joins that room under that name. Shared across nodes when
/// the chat is scaled out.
/// </summary>
internal interface IRoomDirectory
{
    /// <summary>The room's name: the one on record, or <paramref name="requested"/> if it is the first.</summary>
    ValueTask<string> NameAsync(string roomKey, string requested, CancellationToken cancellationToken);
}
