namespace WebTcpChat.Chat.Rooms;

/// <summary>How joining or leaving a room turned out.</summary>
internal readonly record struct RoomResult(bool Succeeded, string Room, IReadOnlyList<ChatMessage> History, string? Error, bool WasAlreadyIn = false)
{
    public static RoomResult Joined(string room, IReadOnlyList<ChatMessage> history) => new(true, room, history, null);

    public static RoomResult AlreadyIn(string room, IReadOnlyList<ChatMessage> history) => new(true, room, history, null, WasAlreadyIn: true);

    public static RoomResult Left(string room) => new(true, room, [], null);

    public static RoomResult Refused(string error) => new(false, "", [], error);
}
