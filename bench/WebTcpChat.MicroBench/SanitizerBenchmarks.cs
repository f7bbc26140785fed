using BenchmarkDotNet.Attributes;
using WebTcpChat.Text;

namespace WebTcpChat.MicroBench;

/// <summary>Sanitising text, which every line goes through on the way in and again on the way out.</summary>
[MemoryDiagnoser]
public class SanitizerBenchmarks
{
    private readonly string _clean = "hello everyone, how is it going today? all good here";
    private readonly string _korean = "안녕하세요, 반갑습니다! 오늘 날씨가 정말 좋네요.";
    private readonly string _hostile = "hi \u001b[31mred\u001b[0m and \u001b]0;title\u0007 with a\ttab and \u0007bell";

    [Benchmark(Baseline = true, Description = "Clean ASCII (no change: no copy)")]
    public string Clean() => TextSanitizer.Clean(_clean);

    [Benchmark(Description = "Clean Korean (no change: no copy)")]
    public string Korean() => TextSanitizer.Clean(_korean);

    [Benchmark(Description = "Escape sequences removed")]
    public string Hostile() => TextSanitizer.Clean(_hostile);
}
