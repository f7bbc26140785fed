using System.Buffers;
using System.Text;
using WebTcpChat.Tcp;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Tcp;

public sealed class TcpLineDecoderTests
{
    [Fact]
    public void InvalidUtf8BecomesReplacementCharacters()
    {
        byte[] bytes = [.. "a"u8, 0xC3, .. "b"u8, 0xFE, 0xED, .. "c"u8];

        Assert.Equal("a\uFFFDb\uFFFD\uFFFDc", TcpLineDecoder.Decode(new ReadOnlySequence<byte>(bytes)));
    }

    [Fact]
    public void KoreanSplitAcrossSegmentsDecodesWhole()
    {
        var bytes = Encoding.UTF8.GetBytes("한국어 텍스트");

        Assert.Equal("한국어 텍스트", TcpLineDecoder.Decode(Sequences.OneBytePerSegment(bytes)));
    }

    [Fact]
    public void ControlCharactersAndEscapeSequencesAreRemoved()
    {
        var bytes = Encoding.UTF8.GetBytes("a\0b\u001B[2Jc\u001B]0;title\u0007d\te\u0085");

        Assert.Equal("abcd e", TcpLineDecoder.Decode(new ReadOnlySequence<byte>(bytes)));
    }

    [Theory]
    [InlineData(new byte[] { 0x41 }, 0)]
    [InlineData(new byte[] { 0x41, 0xED }, 1)]
    [InlineData(new byte[] { 0x41, 0xED, 0x95 }, 2)]
    [InlineData(new byte[] { 0xED, 0x95, 0x9C }, 0)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98 }, 3)]
    [InlineData(new byte[] { 0xC3 }, 1)]
    [InlineData(new byte[] { 0x80 }, 0)]
    [InlineData(new byte[] { }, 0)]
    public void FindsACharacterWhoseLastBytesHaveNotArrived(byte[] bytes, int expected) =>
        Assert.Equal(expected, TcpLineDecoder.IncompleteUtf8Tail(new ReadOnlySequence<byte>(bytes)));
}
