using System.Runtime.InteropServices;
using WebTcpChat.Bench;

// The load generator: see BenchOptions.Usage and docs/BENCHMARKS.md.
if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
// Ctrl+C and SIGTERM stop the run the same way, so the gateways, Redis and temp files are cleaned up.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

// Progress goes to stderr so that stdout is the table and the JSON line only.
BenchResult result;
try
{
    result = await new LoadRun(options, Console.Error).RunAsync(stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped; the gateways (and Redis) were stopped and the temporary files deleted.");
    return 130;
}

if (!options.JsonOnly)
{
    Console.WriteLine(result.ToTable());
}

Console.WriteLine(result.ToJson());
return 0;
