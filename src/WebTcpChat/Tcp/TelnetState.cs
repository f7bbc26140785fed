namespace WebTcpChat.Tcp;

/// <summary>Where a byte stream is within telnet's framing, for reading it byte by byte across reads.</summary>
internal enum TelnetState : byte
{
    /// <summary>Text: a line feed here ends a line.</summary>
    Data,

    /// <summary>Just after IAC.</summary>
    Command,

    /// <summary>After IAC WILL/WONT/DO/DONT: the option byte comes next.</summary>
    Option,

    /// <summary>Inside IAC SB ... IAC SE.</summary>
    Subnegotiation,

    /// <summary>Inside a subnegotiation, just after IAC.</summary>
    SubnegotiationCommand,
}
