using System.Buffers;
using System.Text;
using CsCheck;
using WebTcpChat.Tcp;
using WebTcpChat.Tests.Infrastructure;
using WebTcpChat.Text;

namespace WebTcpChat.Tests.Properties;

/// <summary>
/// Issue 4, case 12: any byte stream, cut into any segments and read piece by piece as the input loop
/// reads a pipe, gives the same lines as one contiguous read, never throws, and never holds more
/// than a line's worth. Random, with shrinking: CsCheck reports the smallest failing stream.
/// </summary>
public sealed class LineParserProperties
{
    private const int Iterations = 3_000;

    // Bytes that matter to the parser (line ends, telnet commands, escapes, UTF-8 leads) more often than chance would.
    private static readonly Gen<byte> Bytes = Gen.Frequency(
        (6, Gen.OneOf<byte>((byte)'a', (byte)'b', (byte)' ')),
        (3, Gen.OneOf<byte>((byte)'\n', (byte)'\r')),
        (3, Gen.OneOf<byte>(0xFF, 250, 240, 251, 253, 241)),
        (2, Gen.OneOf<byte>(0x1B, (byte)'[', (byte)']', 0x07, 0x00)),
        (2, Gen.OneOf<byte>(0xC3, 0xA9, 0xED, 0x95, 0x9C, 0xC2, 0x9B)),
        (1, Gen.Byte));

    private static readonly Gen<byte[]> Streams = Bytes.Array[0, 400];

    private static readonly Gen<int> Limits = Gen.OneOf(0, 1, 4, 16, 64, 4096);

    [Fact]
    public void AnySegmentationGivesTheSameLinesAsOneContiguousRead() =>
        Gen.Select(Streams, Limits, Gen.Int[1, 64].Array[0, 30])
            .Sample((stream, limit, cuts) =>
            {
                var whole = Reader.ReadAll(limit, [stream]);
                var pieces = Reader.ReadAll(limit, Cut(stream, cuts));
                Assert.Equal(whole.Events, pieces.Events);
            }, iter: Iterations);

    [Fact]
    public void WhatIsHeldBetweenReadsAndEveryLineStayWithinTheLimit() =>
        Gen.Select(Streams, Gen.OneOf(1, 4, 16, 64), Gen.Int[1, 64].Array[0, 30])
            .Sample((stream, limit, cuts) =>
            {
                var result = Reader.ReadAll(limit, Cut(stream, cuts));
                Assert.InRange(result.MostHeld, 0, limit + 1);
                Assert.All(result.LineLengths, length => Assert.InRange(length, 0, limit + 1));
            }, iter: Iterations);

    [Fact]
    public void DecodingALineCutIntoSegmentsGivesTheSameText() =>
        Gen.Select(Streams, Gen.Int[1, 64].Array[0, 30])
            .Sample((line, cuts) =>
            {
                var text = TcpLineDecoder.Decode(new ReadOnlySequence<byte>(line));
                Assert.Equal(text, TcpLineDecoder.Decode(Sequences.Of([.. Cut(line, cuts)])));
                Assert.True(TextSanitizer.IsClean(text));
            }, iter: Iterations);

    [Fact]
    public void TheSanitiserLeavesNoControlCharacter_NeverGrowsText_AndIsIdempotent() =>
        Gen.Frequency((3, Gen.Char), (2, Gen.OneOf('\u001B', '[', ']', '\u0007', '\u009B', '\u009D', '\u009C', '\\', '\t', ';', '0')))
            .Array[0, 200]
            .Select(chars => new string(chars))
            .Sample(text =>
            {
                var clean = TextSanitizer.Clean(text);
                Assert.True(TextSanitizer.IsClean(clean));
                Assert.True(clean.Length <= text.Length);
                Assert.Equal(clean, TextSanitizer.Clean(clean));
            }, iter: Iterations);

    [Fact]
    public void TheLineEventsAreTheOnesAStraightforwardModelExpects() =>
        Gen.Select(Gen.OneOf<byte>((byte)'a', (byte)'\n', (byte)'\r').Array[0, 200], Gen.OneOf(0, 3, 10), Gen.Int[1, 40].Array[0, 20])
            .Sample((stream, limit, cuts) =>
            {
                // With no telnet commands, a line is what runs to LF, without a CR before it;
                // one longer than the limit is a single "too long" event.
                var expected = new List<string>();
                var text = Encoding.ASCII.GetString(stream);
                var parts = text.Split('\n');
                foreach (var part in parts[..^1])
                {
                    var content = part.EndsWith('\r') ? part[..^1] : part;
                    expected.Add(limit > 0 && content.Length > limit ? Reader.TooLong : content.Replace("\r", "", StringComparison.Ordinal));
                }

                var last = parts[^1];
                if (limit > 0 && last.Length > limit + 1)
                {
                    expected.Add(Reader.TooLong);
                }

                Assert.Equal(expected, Reader.ReadAll(limit, Cut(stream, cuts)).Events);
            }, iter: Iterations);

    private static List<byte[]> Cut(byte[] stream, int[] gaps)
    {
        var pieces = new List<byte[]>();
        var start = 0;
        foreach (var gap in gaps)
        {
            if (start >= stream.Length)
            {
                break;
            }

            var end = Math.Min(stream.Length, start + gap);
            pieces.Add(stream[start..end]);
            start = end;
        }

        if (start < stream.Length)
        {
            pieces.Add(stream[start..]);
        }

        return pieces;
    }

    /// <summary>
    /// Drives the parser as <see cref="TcpInputLoop"/> does: each read appends a segment to what is
    /// still unconsumed, complete lines are taken off the front, an over-long line is reported once
    /// and skipped to its end.
    /// </summary>
    private static class Reader
    {
        public const string TooLong = "<too long>";

        public static (List<string> Events, long MostHeld, List<long> LineLengths) ReadAll(int limit, IEnumerable<byte[]> reads)
        {
            var events = new List<string>();
            var lengths = new List<long>();
            var held = Array.Empty<byte>();
            var mostHeld = 0L;
            var skipping = false;
            var telnet = TelnetState.Data;
            foreach (var read in reads)
            {
                var buffer = Sequences.Of(held, read); // the unconsumed rest and the new bytes: two segments, as in a pipe
                while (!buffer.IsEmpty)
                {
                    if (skipping)
                    {
                        if (!TcpLineParser.SkipRestOfLine(ref buffer, ref telnet, out _))
                        {
                            break;
                        }

                        skipping = false;
                        continue;
                    }

                    var status = TcpLineParser.TryReadLine(ref buffer, limit, out var line, out var ended);
                    if (status == LineReadStatus.Incomplete)
                    {
                        break;
                    }

                    if (status == LineReadStatus.Line)
                    {
                        lengths.Add(line.Length);
                        events.Add(TcpLineDecoder.Decode(line));
                    }
                    else
                    {
                        events.Add(TooLong);
                        skipping = !ended;
                        telnet = TelnetState.Data;
                    }
                }

                held = buffer.ToArray();
                mostHeld = Math.Max(mostHeld, held.Length);
            }

            return (events, mostHeld, lengths);
        }
    }
}
