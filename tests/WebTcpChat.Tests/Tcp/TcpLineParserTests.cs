using System.Buffers;
using System.Text;
using WebTcpChat.Tcp;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Tcp;

public sealed class TcpLineParserTests
{
    private const int Max = 64;

    [Theory]
    [InlineData("hello\n", "hello")]
    [InlineData("hello\r\n", "hello")]
    [InlineData("\n", "")]
    [InlineData("안녕하세요\r\n", "안녕하세요")]
    public void ReadsOneLineAndConsumesItsEnd(string input, string expected)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(input));

        var status = TcpLineParser.TryReadLine(ref buffer, Max, out var line, out var ended);

        Assert.Equal(LineReadStatus.Line, status);
        Assert.True(ended);
        Assert.Equal(expected, TcpLineDecoder.Decode(line));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void EveryPrefixWithoutLineFeedIsIncompleteAndConsumesNothing()
    {
        var bytes = Encoding.UTF8.GetBytes("안녕 hello\r\n");
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);

            var status = TcpLineParser.TryReadLine(ref buffer, Max, out _, out _);

            Assert.Equal(LineReadStatus.Incomplete, status);
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void AnySegmentationGivesTheSameLines()
    {
        var text = "first\r\n둘째 줄\nthird\r\n\nlast";
        var bytes = Encoding.UTF8.GetBytes(text);
        var expected = ReadAll(new ReadOnlySequence<byte>(bytes));

        Assert.Equal(["first", "둘째 줄", "third", ""], expected.Lines);
        Assert.Equal("last", expected.Rest);
        Assert.Equal(expected, ReadAll(Sequences.OneBytePerSegment(bytes)));
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            Assert.Equal(expected, ReadAll(Sequences.Split(bytes, cut)));
            Assert.Equal(expected, ReadAll(Sequences.Split(bytes, cut / 2, cut)));
        }
    }

    [Fact]
    public void ALineOverTheLimitIsReportedAndConsumedWhenItsEndHasArrived()
    {
        var buffer = Sequences.Split(Encoding.ASCII.GetBytes(new string('x', Max + 5) + "\nnext\n"), 10, 30);

        var status = TcpLineParser.TryReadLine(ref buffer, Max, out _, out var ended);

        Assert.Equal(LineReadStatus.TooLong, status);
        Assert.True(ended);
        Assert.Equal(LineReadStatus.Line, TcpLineParser.TryReadLine(ref buffer, Max, out var next, out _));
        Assert.Equal("next", TcpLineDecoder.Decode(next));
    }

    [Fact]
    public void ALineExactlyAtTheLimitIsAccepted_WithLfOrCrLf()
    {
        foreach (var ending in new[] { "\n", "\r\n" })
        {
            var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(new string('x', Max) + ending));

            Assert.Equal(LineReadStatus.Line, TcpLineParser.TryReadLine(ref buffer, Max, out var line, out _));
            Assert.Equal(Max, TcpLineDecoder.Decode(line).Length);
        }
    }

    [Fact]
    public void ALineThatCanNoLongerFitIsReportedBeforeItsEndArrives_AndTheRestIsSkipped()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(new string('x', Max + 2)));

        var status = TcpLineParser.TryReadLine(ref buffer, Max, out _, out var ended);

        Assert.Equal(LineReadStatus.TooLong, status);
        Assert.False(ended);
        Assert.True(buffer.IsEmpty);

        var more = Sequences.Split(Encoding.ASCII.GetBytes("yyyy\nafter\n"), 2);
        var telnet = TelnetState.Data;
        Assert.True(TcpLineParser.SkipRestOfLine(ref more, ref telnet, out var skipped));
        Assert.Equal(5, skipped);
        Assert.Equal(LineReadStatus.Line, TcpLineParser.TryReadLine(ref more, Max, out var after, out _));
        Assert.Equal("after", TcpLineDecoder.Decode(after));
    }

    [Fact]
    public void ALineFeedInsideATelnetCommandDoesNotEndASkippedLine_WhereverTheStreamIsCut()
    {
        // An over-long line, then IAC DO with a line feed as its option byte, cut just before that byte.
        var first = new ReadOnlySequence<byte>([.. Encoding.ASCII.GetBytes(new string('x', Max + 2)), 0xFF, 253]);
        Assert.Equal(LineReadStatus.TooLong, TcpLineParser.TryReadLine(ref first, Max, out _, out var ended));
        Assert.False(ended);

        var telnet = TelnetState.Data;
        Assert.False(TcpLineParser.SkipRestOfLine(ref first, ref telnet, out _));
        var rest = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("\nstill the long line\nafter\n"));
        Assert.True(TcpLineParser.SkipRestOfLine(ref rest, ref telnet, out _));
        Assert.Equal(LineReadStatus.Line, TcpLineParser.TryReadLine(ref rest, Max, out var after, out _));
        Assert.Equal("after", TcpLineDecoder.Decode(after));
    }

    [Fact]
    public void SkippingWithoutALineFeedConsumesEverything()
    {
        var buffer = Sequences.Split(new byte[100], 50);

        var telnet = TelnetState.Data;
        Assert.False(TcpLineParser.SkipRestOfLine(ref buffer, ref telnet, out var skipped));
        Assert.Equal(100, skipped);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void ZeroMeansNoLimit()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(new string('x', 100_000) + "\n"));

        Assert.Equal(LineReadStatus.Line, TcpLineParser.TryReadLine(ref buffer, 0, out var line, out _));
        Assert.Equal(100_000, line.Length);
    }

    [Fact]
    public void TelnetNegotiationIsSkipped_EvenALineFeedInsideASubnegotiation()
    {
        // IAC DO ECHO, IAC SB NAWS 0 10 0 24 IAC SE (10 is a line feed), IAC IAC, then text.
        byte[] bytes = [0xFF, 0xFD, 0x01, 0xFF, 0xFA, 0x1F, 0x00, 0x0A, 0x00, 0x18, 0xFF, 0xF0, .. "hi"u8, 0xFF, 0xFF, .. "!\r\n"u8];
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var result = ReadAll(Sequences.Split(bytes, cut));

            Assert.Equal(["hi!"], result.Lines);
            Assert.Equal("", result.Rest);
        }
    }

    [Fact]
    public void AnUnfinishedTelnetCommandWaitsForMoreBytes()
    {
        var buffer = new ReadOnlySequence<byte>([0xFF, 0xFA, 0x1F, 0x00, 0x0A]);

        Assert.Equal(LineReadStatus.Incomplete, TcpLineParser.TryReadLine(ref buffer, Max, out _, out _));
        Assert.Equal(5, buffer.Length);
    }

    private static ParseResult ReadAll(ReadOnlySequence<byte> buffer)
    {
        var lines = new List<string>();
        while (TcpLineParser.TryReadLine(ref buffer, Max, out var line, out _) == LineReadStatus.Line)
        {
            lines.Add(TcpLineDecoder.Decode(line));
        }

        return new ParseResult(lines, TcpLineDecoder.Decode(buffer));
    }

    private sealed record ParseResult(List<string> Lines, string Rest)
    {
        public bool Equals(ParseResult? other) => other is not null && Lines.SequenceEqual(other.Lines) && Rest == other.Rest;

        public override int GetHashCode() => Rest.GetHashCode(StringComparison.Ordinal);
    }
}
