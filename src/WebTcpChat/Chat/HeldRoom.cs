namespace WebTcpChat.Chat;

/// <summary>
/// A room whose recent history is held in memory. Its ring receives every message delivered after
/// <see cref="StoreUpTo"/>, the log position at which the room began to be held; what came before is
/// read from the store, up to that position and no further, so the two meet with no gap and no overlap.
/// </summary>
internal sealed class HeldRoom(string key, MessageRing ring, long storeUpTo)
{
    public string Key => key;

    public MessageRing Ring => ring;

    /// <summary>The last id delivered before the ring began: its older messages are read from the store up to here.</summary>
    public long StoreUpTo => storeUpTo;
}
