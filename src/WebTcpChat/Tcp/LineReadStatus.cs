namespace WebTcpChat.Tcp;

/// <summary>What <see cref="TcpLineParser.TryReadLine"/> found at the front of the buffer.</summary>
internal enum LineReadStatus
{
    /// <summary>No complete line yet; nothing was consumed.</summary>
    Incomplete,

    /// <summary>A line was read and consumed, its terminator too.</summary>
    Line,

    /// <summary>
    /// The line is longer than allowed. If its end was seen it has been consumed; otherwise
    /// everything so far was consumed and the caller must skip to the end of the line.
    /// </summary>
    TooLong,
}
