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
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

// Progress goes to stderr so that stdout is the table and the JSON line only.
var result = await new LoadRun(options, Console.Error).RunAsync(stop.Token);
if (!options.JsonOnly)
{
    Console.WriteLine(result.ToTable());
}

Console.WriteLine(result.ToJson());
return 0;
