using System.Buffers;

namespace WebTcpChat.Tcp;

/// <summary>
/// Telnet's in-band commands (RFC 854): telnet clients send option negotiation on connect. They
/// start with IAC (0xFF), a byte that never occurs in UTF-8 text, so they can be skipped safely.
/// The framing is written once, in <see cref="Next"/>; <see cref="TrySkip"/> runs it over a whole command.
/// </summary>
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
        if (!reader.TryPeek(out var first) || first != Iac)
        {
            return false;
        }

        var start = reader.Consumed;
        var state = TelnetState.Data;
        do
        {
            // A subnegotiation may carry any byte, even a line feed, and only IAC matters in it: jump there.
            if ((state == TelnetState.Subnegotiation && !reader.TryAdvanceTo(Iac, advancePastDelimiter: false))
                || !reader.TryRead(out var b))
            {
                reader.Rewind(reader.Consumed - start);
                return false;
            }

            state = Next(state, b);
        }
        while (state != TelnetState.Data);

        return true;
    }

    /// <summary>
    /// The state after <paramref name="b"/>: IAC WILL/WONT/DO/DONT takes an option byte, IAC SB runs
    /// to IAC SE, and IAC with anything else (IAC IAC, an escaped 0xFF, among them) is two bytes.
    /// </summary>
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
}
