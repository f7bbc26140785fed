namespace WebTcpChat.Storage;

/// <summary>The database file the store opened is gone (deleted or moved away).</summary>
internal sealed class StoreFileMissingException(string path)
    : IOException($"The database file {path} is missing: it was removed while open.");
