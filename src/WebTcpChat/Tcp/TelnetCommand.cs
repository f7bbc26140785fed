using System.Buffers;

namespace WebTcpChat.Tcp;

/// <summary>
/// Telnet's in-band commands (RFC 854): telnet clients send option negotiation on connect. They
/// start with IAC (0xFF), a byte that never occurs in UTF-8 text, so they can be skipped safely.
/// </summary>
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

internal static class TelnetCommand
{
    public const byte Iac = 0xFF;
    private const byte SubnegotiationEnd = 240;
    private const byte SubnegotiationBegin = 250;
    private const byte Will = 251;
    private const byte Dont = 254;

    /// <summary>
    /// With the reader at an IAC byte, moves it past the whole command. Returns false, with the
    /// reader left where it was, when the command is not complete yet.
    /// </summary>
    public static bool TrySkip(ref SequenceReader<byte> reader)
    {
        var start = reader.Consumed;
        if (!reader.TryRead(out var iac) || iac != Iac || !reader.TryRead(out var command))
        {
            reader.Rewind(reader.Consumed - start);
            return false;
        }

        var complete = command switch
        {
            // Option negotiation: IAC WILL/WONT/DO/DONT option.
            >= Will and <= Dont => reader.TryRead(out _),
            // Subnegotiation runs to IAC SE and may carry any byte, even a line feed.
            SubnegotiationBegin => TrySkipSubnegotiation(ref reader),
            // IAC IAC (an escaped 0xFF) and the two-byte commands.
            _ => true,
        };

        if (!complete)
        {
            reader.Rewind(reader.Consumed - start);
        }

        return complete;
    }

    /// <summary>The state after <paramref name="b"/>; the same framing as <see cref="TrySkip"/>, one byte at a time.</summary>
    public static TelnetState Next(TelnetState state, byte b) => state switch
    {
        TelnetState.Data => b == Iac ? TelnetState.Command : TelnetState.Data,
        TelnetState.Command => b switch
        {
            >= Will and <= Dont => TelnetState.Option,
            SubnegotiationBegin => TelnetState.Subnegotiation,
            _ => TelnetState.Data,
        },
        TelnetState.Option => TelnetState.Data,
        TelnetState.Subnegotiation => b == Iac ? TelnetState.SubnegotiationCommand : TelnetState.Subnegotiation,
        _ => b == SubnegotiationEnd ? TelnetState.Data : TelnetState.Subnegotiation,
    };

    private static bool TrySkipSubnegotiation(ref SequenceReader<byte> reader)
    {
        while (reader.TryAdvanceTo(Iac, advancePastDelimiter: true))
        {
            if (!reader.TryRead(out var next))
            {
                return false;
            }

            if (next == SubnegotiationEnd)
            {
                return true;
            }
        }

        return false;
    }
}
