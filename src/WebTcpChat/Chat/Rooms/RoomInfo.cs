namespace WebTcpChat.Chat.Rooms;

/// <summary>A room and how many are in it, as <c>/rooms</c> and the hub's <c>GetRooms</c> list it.</summary>
public sealed record RoomInfo(string Name, int Count);
