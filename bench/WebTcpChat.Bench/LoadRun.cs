using System.Diagnostics;
using System.Net;

namespace WebTcpChat.Bench;

/// <summary>
/// One benchmark run: start (or find) the gateway, connect everyone, wait until the join storm has
/// been delivered, send, wait for every delivery (or a stall), and measure.
/// </summary>
internal sealed class LoadRun(BenchOptions options, TextWriter log)
{
    // Limits that would throttle or refuse the generator's load; 0 turns each off. Keys that this
    // build of the gateway does not know are dropped (it refuses unknown keys), and the report says so.
    private static readonly string[] LiftedLimits =
    [
        "Limits:FloodBurst",
        "Limits:FloodLinesPerSecond",
        "Limits:MaxConnections",
        "Limits:MaxConnectionsPerIp",
        "Limits:MaxWebConnections",
        "Limits:IdleTimeoutSeconds",
    ];

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"webtcpchat-bench-{Guid.NewGuid():N}.db");
    private readonly List<TcpBenchClient> _tcp = [];
    private readonly List<WebBenchClient> _web = [];

    public async Task<BenchResult> RunAsync(CancellationToken cancellationToken)
    {
        var result = new BenchResult { Options = options, LoadAverageBefore = ProcessStats.LoadAverage() };
        var recorder = new Recorder(Random.Shared.Next(1_000, 10_000), options.SenderCount);
        GatewayProcess? gateway = null;
        try
        {
            IPEndPoint tcpEndPoint;
            Uri httpAddress;
            int? serverPid;
            if (options.ServerUrl is null)
            {
                gateway = await StartGatewayAsync(result);
                (tcpEndPoint, httpAddress, serverPid) = (gateway.TcpEndPoint, gateway.HttpAddress, gateway.Pid);
            }
            else
            {
                (tcpEndPoint, httpAddress, serverPid) = (options.TcpEndPoint!, options.ServerUrl, options.ServerPid);
            }

            result.ServerIdle = serverPid is { } idlePid ? ProcessStats.Read(idlePid) : null;
            var connect = Stopwatch.StartNew();
            await ConnectAsync(tcpEndPoint, httpAddress, recorder, cancellationToken);
            result.ConnectSeconds = connect.Elapsed.TotalSeconds;
            log.WriteLine($"Connected {_tcp.Count} TCP and {_web.Count} SignalR clients in {result.ConnectSeconds:F1} s");
            result.ClientsLostBeforeSending = _tcp.Count(client => client.Lost) + _web.Count(client => client.Lost);
            if (result.ClientsLostBeforeSending > 0)
            {
                log.WriteLine(LostClients());
            }

            var settle = Stopwatch.StartNew();
            await SettleAsync(recorder, cancellationToken);
            result.SettleSeconds = settle.Elapsed.TotalSeconds;
            log.WriteLine($"Join storm delivered to everyone in {result.SettleSeconds:F1} s; sending");

            var senders = AssignSenders(recorder);
            if (options.WarmupMessages > 0)
            {
                // JIT tiers and pools settle on the same work; then the counters start afresh.
                await SendPhaseAsync(senders, 0, options.WarmupMessages, recorder, serverPid: null, cancellationToken);
                await BarrierAsync(recorder, 2, cancellationToken);
                recorder.Reset();
                log.WriteLine($"Warm-up of {options.WarmupMessages} messages per sender done; measuring");
            }

            var sentBefore = senders.Select(sender => sender.Sent).ToArray();
            var serverBefore = serverPid is { } pid0 ? ProcessStats.Read(pid0) : null;
            var generatorBefore = ProcessStats.Self();
            var window = Stopwatch.StartNew();
            var startMicros = BenchPayload.NowMicros();
            var peakRss = await SendPhaseAsync(senders, options.WarmupMessages, options.MessagesPerSender, recorder, serverPid, cancellationToken);
            var (deliveries, latency, orderErrors) = recorder.Merge();
            var endMicros = Math.Max(recorder.LastDeliveryMicros(), startMicros + 1);
            result.Seconds = (endMicros - startMicros) / 1e6;
            var sent = senders.Select((sender, i) => sender.Sent - sentBefore[i]).ToArray();
            result.Sent = sent.Sum(count => (long)count);
            result.Expected = Expected(senders, sent);
            result.Delivered = deliveries;
            result.Latency = latency;
            result.OrderErrors = orderErrors;
            result.ClientsLost = _tcp.Count(client => client.Lost) + _web.Count(client => client.Lost);
            if (result.ClientsLost > 0)
            {
                log.WriteLine(LostClients());
            }
            result.WindowSeconds = window.Elapsed.TotalSeconds;
            result.GeneratorCpuSeconds = (ProcessStats.Self().CpuTime - generatorBefore.CpuTime).TotalSeconds;
            if (serverPid is { } pid1 && ProcessStats.Read(pid1) is { } serverAfter && serverBefore is { } before)
            {
                result.ServerCpuSeconds = (serverAfter.CpuTime - before.CpuTime).TotalSeconds;
                result.ServerRssBytes = serverAfter.RssBytes;
                result.ServerPeakRssInRunBytes = Math.Max(peakRss, serverAfter.RssBytes);
                result.ServerPeakRssBytes = serverAfter.PeakRssBytes;
            }

            result.LoadAverageAfter = ProcessStats.LoadAverage();
            result.Cores = Environment.ProcessorCount;
            return result;
        }
        finally
        {
            await DisconnectAllAsync();
            if (gateway is not null)
            {
                if (result.Sent == 0)
                {
                    log.WriteLine(gateway.RecentOutput);
                }

                await gateway.DisposeAsync();
                foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
                {
                    File.Delete(file);
                }
            }
        }
    }

    // Sends one phase and waits until every delivery is in, or deliveries stall. Returns the server's peak RSS.
    private async Task<long> SendPhaseAsync(
        List<BenchClient> senders, int firstSequence, int count, Recorder recorder, int? serverPid, CancellationToken cancellationToken)
    {
        var sentBefore = senders.Select(sender => sender.Sent).ToArray();
        var deliveredBefore = recorder.Delivered();
        var peakRss = 0L;
        var sending = Task.WhenAll(senders.Select(sender => SendAsync(sender, firstSequence, count, cancellationToken)));
        using var sampler = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        // Sample the server's memory while it works; VmHWM also covers the connect phase.
        var lastProgress = (Delivered: -1L, At: Stopwatch.GetTimestamp());
        while (await sampler.WaitForNextTickAsync(cancellationToken))
        {
            if (serverPid is { } pid && ProcessStats.Read(pid) is { } sample)
            {
                peakRss = Math.Max(peakRss, sample.RssBytes);
            }

            if (!sending.IsCompleted)
            {
                continue;
            }

            var delivered = recorder.Delivered() - deliveredBefore;
            if (delivered >= Expected(senders, senders.Select((sender, i) => sender.Sent - sentBefore[i]).ToArray()).Sum())
            {
                break;
            }

            if (delivered != lastProgress.Delivered)
            {
                lastProgress = (delivered, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(lastProgress.At).TotalSeconds > options.DrainSeconds)
            {
                log.WriteLine($"Deliveries stalled for {options.DrainSeconds} s; giving up on the rest");
                break;
            }
        }

        await sending;
        return peakRss;
    }

    private async Task<GatewayProcess> StartGatewayAsync(BenchResult result)
    {
        var dll = options.ServerDll ?? DefaultServerDll();
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"No gateway build at {dll}: run `dotnet build -c Release` first, or pass --server-dll.");
        }

        var settings = new Dictionary<string, string>
        {
            ["Kestrel:Endpoints:Tcp:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            // Console logging of every connection would be measured too; start-up lines stay.
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:WebTcpChat.Hosting.BoundEndpointsLogger"] = "Information",
            // A fresh database per run: history is written before delivery, as in production, but runs do not pile up.
            ["ConnectionStrings:Chat"] = $"Data Source={_database}",
        };
        foreach (var key in LiftedLimits)
        {
            settings[key] = "0";
        }

        if (options.SendQueueBytes is { } sendQueue)
        {
            settings["Limits:SendQueueBytes"] = sendQueue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in options.ServerSettings)
        {
            settings[key] = value;
        }

        while (true)
        {
            try
            {
                var gateway = await GatewayProcess.StartAsync(dll, settings, TimeSpan.FromSeconds(60));
                result.ServerSettings = settings
                    .Where(s => s.Key.StartsWith("Limits:", StringComparison.Ordinal) || options.ServerSettings.ContainsKey(s.Key))
                    .ToDictionary(s => s.Key, s => s.Value);
                log.WriteLine($"Gateway {dll} (pid {gateway.Pid}): TCP {gateway.TcpEndPoint}, HTTP {gateway.HttpAddress}");
                log.WriteLine($"Settings for the run: {(result.ServerSettings.Count == 0 ? "the gateway's defaults" : string.Join(", ", result.ServerSettings.Select(s => $"{s.Key}={s.Value}")))}");
                if (result.LimitsUnknownToServer.Count > 0)
                {
                    log.WriteLine($"Not known to this gateway build (so not in force): {string.Join(", ", result.LimitsUnknownToServer)}");
                }

                return gateway;
            }
            catch (InvalidOperationException ex) when (DropUnknown(settings, result, ex))
            {
                // Retry without the keys this build refused.
            }
        }
    }

    // The gateway refuses unknown keys at start-up; drop the optional ones it names (once).
    private static bool DropUnknown(Dictionary<string, string> settings, BenchResult result, InvalidOperationException failure)
    {
        var dropped = LiftedLimits
            .Where(key => settings.ContainsKey(key) && failure.Message.Contains($"'{key[(key.LastIndexOf(':') + 1)..]}'", StringComparison.Ordinal))
            .ToList();
        if (dropped.Count == 0 || result.LimitsUnknownToServer.Count > 0)
        {
            return false;
        }

        foreach (var key in dropped)
        {
            settings.Remove(key);
        }

        result.LimitsUnknownToServer.AddRange(dropped);
        return true;
    }

    private static string DefaultServerDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WebTcpChat.sln")))
            {
                return Path.Combine(dir.FullName, "src", "WebTcpChat", "bin", "Release", "net10.0", "WebTcpChat.dll");
            }
        }

        return "WebTcpChat.dll";
    }

    private async Task ConnectAsync(IPEndPoint tcpEndPoint, Uri httpAddress, Recorder recorder, CancellationToken cancellationToken)
    {
        // Big buffers read more per call; with thousands of clients they are smaller to keep the generator lean.
        var bufferBytes = Math.Clamp((64 << 20) / Math.Max(1, options.TcpClients), 4 << 10, 64 << 10);
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        var tcp = Enumerable.Range(0, options.TcpClients).Select(async _ =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await TcpBenchClient.ConnectAsync(tcpEndPoint, recorder, bufferBytes, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        });
        _tcp.AddRange(await Task.WhenAll(tcp));

        var web = Enumerable.Range(0, options.WebClients).Select(async _ =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await WebBenchClient.ConnectAsync(httpAddress, recorder, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        });
        _web.AddRange(await Task.WhenAll(web));
    }

    // One message after every join: one order means that once all have it, all joins are delivered.
    private async Task SettleAsync(Recorder recorder, CancellationToken cancellationToken)
    {
        var clients = _tcp.Count + _web.Count;
        await WaitForAsync(() => recorder.Attached, clients, "were attached to the chat", LostClients, cancellationToken);
        await BarrierAsync(recorder, 1, cancellationToken);
    }

    // A marker every client must receive: in one order, whatever was sent before it has arrived too.
    private async Task BarrierAsync(Recorder recorder, int barrier, CancellationToken cancellationToken)
    {
        BenchClient syncer = _tcp.Concat<BenchClient>(_web).First(client => !client.Lost);
        var expected = _tcp.Count(client => !client.Lost) + _web.Count(client => !client.Lost) - (syncer.IsWeb ? 0 : 1);
        await syncer.SendPayloadAsync(BenchPayload.SyncSender, barrier, cancellationToken);
        await WaitForAsync(() => recorder.SyncSeen(barrier), expected, $"got barrier {barrier}", LostClients, cancellationToken);
    }

    private string LostClients() =>
        $"{_tcp.Count(client => client.Lost)} TCP and {_web.Count(client => client.Lost)} SignalR clients were disconnected by the server"
        + string.Concat(_tcp.Concat<BenchClient>(_web).Where(client => client.Lost).GroupBy(client => client.LostReason)
            .Select(reason => $"; {reason.Count()} x {reason.Key}"));

    private static async Task WaitForAsync(Func<int> count, int expected, string what, Func<string> diagnose, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(60 + expected / 50.0);
        var waited = Stopwatch.StartNew();
        while (count() < expected)
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Only {count()} of {expected} clients {what} within {timeout.TotalSeconds:F0} s; {diagnose()}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private List<BenchClient> AssignSenders(Recorder recorder)
    {
        var senders = new List<BenchClient>();
        senders.AddRange(_tcp.Take(options.TcpSenders));
        senders.AddRange(_web.Take(options.WebSenders));
        for (var i = 0; i < senders.Count; i++)
        {
            senders[i].Sender = i;
            recorder.SenderIsWeb[i] = senders[i].IsWeb;
        }

        return senders;
    }

    private async Task SendAsync(BenchClient sender, int firstSequence, int count, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await SendAllAsync(sender, firstSequence, count, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The server dropped this sender (a full send queue, say): what it sent still counts.
            log.WriteLine($"Sender {sender.Sender} stopped after {sender.Sent} messages: {ex.Message}");
        }
    }

    private async Task SendAllAsync(BenchClient sender, int firstSequence, int count, CancellationToken cancellationToken)
    {
        if (options.Rate <= 0)
        {
            await sender.SendFlatOutAsync(firstSequence, count, cancellationToken);
            return;
        }

        // Evenly spread: sender i starts i/S of a period after the first, then sends every 1/rate s.
        var period = TimeSpan.FromSeconds(1 / options.Rate);
        var start = Stopwatch.GetTimestamp() + (long)(period.TotalSeconds * Stopwatch.Frequency * sender.Sender / options.SenderCount);
        for (var sequence = 0; sequence < count; sequence++)
        {
            var due = start + (long)(sequence * period.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            await sender.SendPayloadAsync(sender.Sender, firstSequence + sequence, cancellationToken);
        }
    }

    // Deliveries a complete run has, by path: a TCP sender is not echoed its own line; a web sender is.
    private long[] Expected(List<BenchClient> senders, int[] sent)
    {
        var expected = new long[DeliveryPaths.Count];
        for (var i = 0; i < senders.Count; i++)
        {
            var sender = senders[i];
            var toTcp = _tcp.Count - (sender.IsWeb ? 0 : 1);
            expected[(int)DeliveryPaths.Of(sender.IsWeb, toWeb: false)] += (long)sent[i] * toTcp;
            expected[(int)DeliveryPaths.Of(sender.IsWeb, toWeb: true)] += (long)sent[i] * _web.Count;
        }

        return expected;
    }

    private async Task DisconnectAllAsync()
    {
        await Task.WhenAll(_tcp.Select(client => client.DisposeAsync().AsTask()));
        await Task.WhenAll(_web.Select(client => client.DisposeAsync().AsTask()));
        _tcp.Clear();
        _web.Clear();
    }
}
