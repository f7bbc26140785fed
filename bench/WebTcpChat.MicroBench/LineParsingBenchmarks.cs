using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using WebTcpChat.Tcp;

namespace WebTcpChat.MicroBench;

/// <summary>
/// Reading lines from the TCP stream: splitting (per line), and decoding one line to clean text.
/// 1,000 chat lines of about 40 bytes, in one segment and in Kestrel's 4 KiB segments.
/// </summary>
[MemoryDiagnoser]
public class LineParsingBenchmarks
{
    private const int Lines = 1_000;
    private ReadOnlySequence<byte> _single;
    private ReadOnlySequence<byte> _segmented;
    private ReadOnlySequence<byte> _asciiLine;
    private ReadOnlySequence<byte> _koreanLine;

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            text.Append("hello everyone, this is line ").Append(i).Append("\r\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        _single = new ReadOnlySequence<byte>(bytes);
        _segmented = Sequences.Segmented(bytes, 4096);
        _asciiLine = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("hello everyone, how is it going?\r"));
        _koreanLine = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("안녕하세요, 반갑습니다! 잘 지내시죠?\r"));
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "TryReadLine, one segment (per line)")]
    public int SplitSingleSegment() => Split(_single);

    [Benchmark(OperationsPerInvoke = Lines, Description = "TryReadLine, 4 KiB segments (per line)")]
    public int SplitSegmented() => Split(_segmented);

    [Benchmark(Description = "Decode an ASCII line to clean text")]
    public string DecodeAscii() => TcpLineDecoder.Decode(_asciiLine);

    [Benchmark(Description = "Decode a Korean line to clean text")]
    public string DecodeKorean() => TcpLineDecoder.Decode(_koreanLine);

    private static int Split(ReadOnlySequence<byte> buffer)
    {
        var count = 0;
        while (TcpLineParser.TryReadLine(ref buffer, 4096, out _, out _) == LineReadStatus.Line)
        {
            count++;
        }

        return count;
    }
}
