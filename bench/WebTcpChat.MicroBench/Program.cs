using BenchmarkDotNet.Running;
using WebTcpChat.MicroBench;

// dotnet run -c Release --project bench/WebTcpChat.MicroBench -- --filter '*'   (see docs/BENCHMARKS.md)
BenchmarkSwitcher.FromAssembly(typeof(FanOutBenchmarks).Assembly).Run(args);
