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

    private readonly List<string> _databases = [];
    private readonly List<TcpBenchClient> _tcp = [];
    private readonly List<WebBenchClient> _web = [];
    private TcpReceivePoller? _poller;

    public async Task<BenchResult> RunAsync(CancellationToken cancellationToken)
    {
        var result = new BenchResult { Options = options, LoadAverageBefore = ProcessStats.LoadAverage() };
        var recorder = new Recorder(Random.Shared.Next(1_000, 10_000), options.SenderCount);
        var gateways = new List<GatewayProcess>();
        BenchRedis? redis = null;
        try
        {
            List<(IPEndPoint Tcp, Uri Http)> nodes;
            if (options.ServerUrl is null)
            {
                if (options.Nodes > 1)
                {
                    redis = await BenchRedis.StartOrUseAsync(options.Redis, cancellationToken);
                    result.Redis = redis;
                    log.WriteLine($"Redis for {options.Nodes} nodes: {(redis.IsOwn ? $"redis-server of this run (pid {redis.Pid}, AOF fsync every second)" : "given")} at {redis.EndPoint}, prefix {redis.Prefix}");
                }

                await StartGatewaysAsync(gateways, redis, result, cancellationToken);
                nodes = [.. gateways.Select(gateway => (gateway.TcpEndPoint, gateway.HttpAddress))];
                result.Nodes.AddRange(gateways.Select((gateway, i) => new WatchedProcess(BenchOptions.NodeName(i), gateway.Pid)));
            }
            else
            {
                nodes = [(options.TcpEndPoint!, options.ServerUrl)];
                if (options.ServerPid is { } pid)
                {
                    result.Nodes.Add(new WatchedProcess(BenchOptions.NodeName(0), pid));
                }
            }

            result.RedisProcess = redis?.Pid is { } redisPid ? new WatchedProcess("redis", redisPid) : null;
            List<WatchedProcess> servers = [.. result.Nodes, .. result.RedisProcess is { } own ? [own] : Array.Empty<WatchedProcess>()];
            servers.ForEach(server => server.ReadIdle());
            var connect = Stopwatch.StartNew();
            await ConnectAsync(nodes, recorder, cancellationToken);
            result.ConnectSeconds = connect.Elapsed.TotalSeconds;
            log.WriteLine($"Connected {_tcp.Count} TCP and {_web.Count} SignalR clients in {result.ConnectSeconds:F1} s{(nodes.Count > 1 ? $" ({NodeCounts()})" : "")}");
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
                await SendPhaseAsync(senders, 0, options.WarmupMessages, recorder, [], cancellationToken);
                await BarrierAsync(recorder, 2, cancellationToken);
                recorder.Reset();
                log.WriteLine($"Warm-up of {options.WarmupMessages} messages per sender done; measuring");
            }

            var sentBefore = senders.Select(sender => sender.Sent).ToArray();
            var clients = _tcp.Concat<BenchClient>(_web).ToList();
            var deliveredBefore = clients.Select(client => client.Delivered).ToArray();
            servers.ForEach(server => server.ReadBefore());
            var generatorBefore = ProcessStats.Self();
            var window = Stopwatch.StartNew();
            var startMicros = BenchPayload.NowMicros();
            await SendPhaseAsync(senders, options.WarmupMessages, options.MessagesPerSender, recorder, servers, cancellationToken);
            var (deliveries, latency, orderErrors) = recorder.Merge();
            var endMicros = Math.Max(recorder.LastDeliveryMicros(), startMicros + 1);
            result.Seconds = (endMicros - startMicros) / 1e6;
            var sent = senders.Select((sender, i) => sender.Sent - sentBefore[i]).ToArray();
            result.Sent = sent.Sum(count => (long)count);
            result.Expected = Expected(senders, sent);
            result.Delivered = deliveries;
            result.Latency = latency;
            result.OrderErrors = orderErrors;
            result.ExpectedByNode = ExpectedByNode(senders, sent, nodes.Count);
            result.DeliveredByNode = new long[nodes.Count];
            for (var i = 0; i < clients.Count; i++)
            {
                result.DeliveredByNode[clients[i].Node] += clients[i].Delivered - deliveredBefore[i];
            }

            result.ClientsOnNode = [.. Enumerable.Range(0, nodes.Count).Select(node => clients.Count(client => client.Node == node))];
            result.SendersOnNode = [.. Enumerable.Range(0, nodes.Count).Select(node => senders.Count(sender => sender.Node == node))];
            result.ClientsLost = _tcp.Count(client => client.Lost) + _web.Count(client => client.Lost);
            if (result.ClientsLost > 0)
            {
                log.WriteLine(LostClients());
            }
            result.WindowSeconds = window.Elapsed.TotalSeconds;
            result.GeneratorCpuSeconds = (ProcessStats.Self().CpuTime - generatorBefore.CpuTime).TotalSeconds;
            servers.ForEach(server => server.ReadAfter());
            result.LoadAverageAfter = ProcessStats.LoadAverage();
            result.Cores = Environment.ProcessorCount;
            return result;
        }
        finally
        {
            await DisconnectAllAsync();
            for (var i = 0; i < gateways.Count; i++)
            {
                // A run that failed or missed deliveries shows what each gateway said last (warnings, errors).
                if ((result.Sent == 0 || result.TotalDelivered < result.TotalExpected) && !cancellationToken.IsCancellationRequested)
                {
                    log.WriteLine(gateways.Count > 1 ? $"Node {BenchOptions.NodeName(i)}'s last output:\n{gateways[i].RecentOutput}" : gateways[i].RecentOutput);
                }

                await gateways[i].DisposeAsync();
            }

            foreach (var file in _databases.SelectMany(database => new[] { database, database + "-wal", database + "-shm" }))
            {
                File.Delete(file);
            }

            if (redis is not null)
            {
                try
                {
                    await redis.DisposeAsync();
                }
                catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or OperationCanceledException)
                {
                    log.WriteLine($"Could not delete this run's keys ({redis.Prefix}*) from {redis.EndPoint}: {ex.Message}");
                }
            }
        }
    }

    // Sends one phase and waits until every delivery is in, or deliveries stall, sampling the servers' memory.
    private async Task SendPhaseAsync(
        List<BenchClient> senders, int firstSequence, int count, Recorder recorder, List<WatchedProcess> servers, CancellationToken cancellationToken)
    {
        var sentBefore = senders.Select(sender => sender.Sent).ToArray();
        var deliveredBefore = recorder.Delivered();
        var sending = Task.WhenAll(senders.Select(sender => SendAsync(sender, firstSequence, count, cancellationToken)));
        using var sampler = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        // Sample the server's memory while it works; VmHWM also covers the connect phase.
        var lastProgress = (Delivered: -1L, At: Stopwatch.GetTimestamp());
        while (await sampler.WaitForNextTickAsync(cancellationToken))
        {
            servers.ForEach(server => server.Sample());

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
    }

    // Node A first: the keys its build refuses are dropped once, and the other nodes start with what it took.
    private async Task StartGatewaysAsync(List<GatewayProcess> gateways, BenchRedis? redis, BenchResult result, CancellationToken cancellationToken)
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
        };
        if (redis is not null)
        {
            // One chat across the nodes, under a prefix of this run's own.
            settings["ConnectionStrings:Redis"] = redis.EndPoint;
            settings["Redis:Prefix"] = redis.Prefix;
        }

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

        var nodeCount = options.ServerUrl is null ? options.Nodes : 1;
        for (var node = 0; node < nodeCount; node++)
        {
            // A fresh database per node and run: history is written before delivery, as in production
            // (scaled out, history is the Redis log and SQLite stays idle), but runs do not pile up.
            var database = Path.Combine(Path.GetTempPath(), $"webtcpchat-bench-{Guid.NewGuid():N}.db");
            _databases.Add(database);
            settings["ConnectionStrings:Chat"] = $"Data Source={database}";
            var gateway = await StartGatewayAsync(dll, settings, result, cancellationToken);
            gateways.Add(gateway);
            var name = nodeCount > 1 ? $"Node {BenchOptions.NodeName(node)}: gateway" : "Gateway";
            log.WriteLine($"{name} {dll} (pid {gateway.Pid}): TCP {gateway.TcpEndPoint}, HTTP {gateway.HttpAddress}");
        }

        result.ServerSettings = settings
            .Where(s => s.Key.StartsWith("Limits:", StringComparison.Ordinal) || options.ServerSettings.ContainsKey(s.Key))
            .ToDictionary(s => s.Key, s => s.Value);
        log.WriteLine($"Settings for the run: {(result.ServerSettings.Count == 0 ? "the gateway's defaults" : string.Join(", ", result.ServerSettings.Select(s => $"{s.Key}={s.Value}")))}");
        if (result.LimitsUnknownToServer.Count > 0)
        {
            log.WriteLine($"Not known to this gateway build (so not in force): {string.Join(", ", result.LimitsUnknownToServer)}");
        }
    }

    private static async Task<GatewayProcess> StartGatewayAsync(string dll, Dictionary<string, string> settings, BenchResult result, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await GatewayProcess.StartAsync(dll, settings, TimeSpan.FromSeconds(60), cancellationToken);
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

    private async Task ConnectAsync(List<(IPEndPoint Tcp, Uri Http)> nodes, Recorder recorder, CancellationToken cancellationToken)
    {
        // Big buffers read more per call; with thousands of clients they are smaller to keep the generator lean.
        var bufferBytes = Math.Clamp((64 << 20) / Math.Max(1, options.TcpClients), 4 << 10, 64 << 10);
        _poller = options.TcpReceive == TcpReceiveMode.Poll ? new TcpReceivePoller(Environment.ProcessorCount) : null;
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        var tcp = Enumerable.Range(0, options.TcpClients).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var node = NodeOf(i, options.TcpSenders, nodes.Count);
                var client = await TcpBenchClient.ConnectAsync(nodes[node].Tcp, recorder, bufferBytes, _poller, cancellationToken);
                client.Node = node;
                return client;
            }
            finally
            {
                gate.Release();
            }
        });
        _tcp.AddRange(await Task.WhenAll(tcp));

        var web = Enumerable.Range(0, options.WebClients).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var node = NodeOf(i, options.WebSenders, nodes.Count);
                var client = await WebBenchClient.ConnectAsync(nodes[node].Http, recorder, cancellationToken);
                client.Node = node;
                return client;
            }
            finally
            {
                gate.Release();
            }
        });
        _web.AddRange(await Task.WhenAll(web));
    }

    // The first clients of each side send (AssignSenders): split puts them on node A and the rest on the others.
    private int NodeOf(int client, int senders, int nodes) => nodes == 1 ? 0 : options.Layout switch
    {
        NodeLayout.Alternate => client % nodes,
        _ => client < senders ? 0 : 1 + ((client - senders) % (nodes - 1)),
    };

    private string NodeCounts()
    {
        var senders = _tcp.Take(options.TcpSenders).Concat<BenchClient>(_web.Take(options.WebSenders)).ToHashSet();
        return string.Join("; ", _tcp.Concat<BenchClient>(_web).GroupBy(client => client.Node).OrderBy(node => node.Key).Select(node =>
            $"node {BenchOptions.NodeName(node.Key)}: {node.Count(client => !client.IsWeb)} TCP + {node.Count(client => client.IsWeb)} SignalR, {node.Count(senders.Contains)} of them senders"));
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

    // The same deliveries, by the node of the receiving client: a sender's line reaches its own node's
    // other clients as well as the other nodes' (with senders on node A, A gets the other senders' lines).
    private long[] ExpectedByNode(List<BenchClient> senders, int[] sent, int nodes)
    {
        var expected = new long[nodes];
        for (var i = 0; i < senders.Count; i++)
        {
            foreach (var client in _tcp.Concat<BenchClient>(_web))
            {
                if (client != senders[i] || senders[i].IsWeb)
                {
                    expected[client.Node] += sent[i];
                }
            }
        }

        return expected;
    }

    private async Task DisconnectAllAsync()
    {
        await Task.WhenAll(_tcp.Select(client => client.DisposeAsync().AsTask()));
        await Task.WhenAll(_web.Select(client => client.DisposeAsync().AsTask()));
        _poller?.Dispose();
        _poller = null;
        _tcp.Clear();
        _web.Clear();
    }
}
