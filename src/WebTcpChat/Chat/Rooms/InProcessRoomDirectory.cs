using System.Collections.Concurrent;

namespace WebTcpChat.Chat.Rooms;

/// <summary>Room names for a node that runs alone.</summary>
internal sealed class InProcessRoomDirectory : IRoomDirectory
{
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    public ValueTask<string> NameAsync(string roomKey, string requested, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_names.GetOrAdd(roomKey, requested));
}
