using System.Runtime.InteropServices;
using WebTcpChat.Bench;

// The load generator: see --help (BenchCommandLine) and docs/BENCHMARKS.md.
if (!BenchCommandLine.TryParse(args, Console.Out, Console.Error, out var options, out var exitCode))
{
    return exitCode;
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
