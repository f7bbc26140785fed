using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WebTcpChat.Bench;

/// <summary>What one run measured, printed as a readable table and as one JSON line.</summary>
internal sealed class BenchResult
{
    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public required BenchOptions Options { get; init; }

    public double LoadAverageBefore { get; init; }

    public double LoadAverageAfter { get; set; }

    public int Cores { get; set; }

    public Dictionary<string, string> ServerSettings { get; set; } = [];

    public List<string> LimitsUnknownToServer { get; } = [];

    public double ConnectSeconds { get; set; }

    public double SettleSeconds { get; set; }

    /// <summary>From the first send to the last delivery.</summary>
    public double Seconds { get; set; }

    /// <summary>From the first send until the run stopped waiting; CPU is measured over this.</summary>
    public double WindowSeconds { get; set; }

    public long Sent { get; set; }

    public long[] Expected { get; set; } = new long[DeliveryPaths.Count];

    public long[] Delivered { get; set; } = new long[DeliveryPaths.Count];

    public LatencyHistogram[] Latency { get; set; } = [];

    public long OrderErrors { get; set; }

    public int ClientsLost { get; set; }

    public int ClientsLostBeforeSending { get; set; }

    /// <summary>The gateway nodes whose memory and CPU were read (none for a running gateway without --server-pid).</summary>
    public List<WatchedProcess> Nodes { get; } = [];

    /// <summary>The Redis that several nodes share, if any.</summary>
    public BenchRedis? Redis { get; set; }

    /// <summary>That Redis's process, when the run started it.</summary>
    public WatchedProcess? RedisProcess { get; set; }

    /// <summary>Deliveries a complete run has, by the node of the receiving client.</summary>
    public long[] ExpectedByNode { get; set; } = [];

    public long[] DeliveredByNode { get; set; } = [];

    public int[] ClientsOnNode { get; set; } = [];

    public int[] SendersOnNode { get; set; } = [];

    // The server figures are the gateway's: with several nodes, the sums over them.
    public double ServerCpuSeconds => Nodes.Count == 0 ? double.NaN : Nodes.Sum(node => node.CpuSeconds);

    public long ServerRssBytes => Nodes.Sum(node => node.After?.RssBytes ?? 0);

    public long ServerPeakRssInRunBytes => Nodes.Sum(node => node.PeakRssInRunBytes);

    public long ServerPeakRssBytes => Nodes.Sum(node => node.After?.PeakRssBytes ?? 0);

    public long ServerIdleRssBytes => Nodes.Sum(node => node.Idle?.RssBytes ?? 0);

    public double GeneratorCpuSeconds { get; set; }

    public long TotalExpected => Expected.Sum();

    public long TotalDelivered => Delivered.Sum();

    public double Completeness => TotalExpected == 0 ? 0 : (double)TotalDelivered / TotalExpected;

    public double DeliveriesPerSecond => Seconds > 0 ? TotalDelivered / Seconds : 0;

    private static double Percent(double cpuSeconds, double seconds) => seconds > 0 ? 100 * cpuSeconds / seconds : double.NaN;

    public string ToJson()
    {
        var paths = new Dictionary<string, object>();
        for (var i = 0; i < DeliveryPaths.Count; i++)
        {
            if (Expected[i] == 0 && Delivered[i] == 0)
            {
                continue;
            }

            var latency = Latency[i];
            paths[DeliveryPaths.Key((DeliveryPath)i)] = new
            {
                delivered = Delivered[i],
                expected = Expected[i],
                completeness = Round(Expected[i] == 0 ? 0 : (double)Delivered[i] / Expected[i], 6),
                p50Ms = Millis(latency.Percentile(50)),
                p99Ms = Millis(latency.Percentile(99)),
                maxMs = Millis(latency.Max),
            };
        }

        var nodes = Nodes.Count > 1
            ? Nodes.Select((node, i) => new
            {
                node = node.Name,
                clients = ClientsOnNode[i],
                senders = SendersOnNode[i],
                delivered = DeliveredByNode[i],
                expected = ExpectedByNode[i],
                completeness = Round(ExpectedByNode[i] == 0 ? 0 : (double)DeliveredByNode[i] / ExpectedByNode[i], 6),
                rssMb = Mb(node.After?.RssBytes ?? 0),
                peakRssInRunMb = Mb(node.PeakRssInRunBytes),
                peakRssMb = Mb(node.After?.PeakRssBytes ?? 0),
                idleRssMb = Mb(node.Idle?.RssBytes ?? 0),
                cpuPercent = Round(Percent(node.CpuSeconds, WindowSeconds), 1),
            }).ToArray()
            : null;
        var redis = Redis is null ? null : new
        {
            own = Redis.IsOwn,
            prefix = Redis.Prefix,
            rssMb = RedisProcess is null ? -1 : Mb(RedisProcess.After?.RssBytes ?? 0),
            peakRssInRunMb = RedisProcess is null ? -1 : Mb(RedisProcess.PeakRssInRunBytes),
            cpuPercent = Round(Percent(RedisProcess?.CpuSeconds ?? double.NaN, WindowSeconds), 1),
        };
        var json = new
        {
            scenario = Options.Scenario,
            nodes = Options.Nodes,
            layout = Options.Nodes > 1 ? Options.Layout.ToString().ToLowerInvariant() : null,
            tcpClients = Options.TcpClients,
            webClients = Options.WebClients,
            tcpSenders = Options.TcpSenders,
            webSenders = Options.WebSenders,
            messagesPerSender = Options.MessagesPerSender,
            warmupMessagesPerSender = Options.WarmupMessages,
            ratePerSender = Options.Rate,
            serverSettings = ServerSettings,
            limitsUnknownToServer = LimitsUnknownToServer,
            sent = Sent,
            expected = TotalExpected,
            delivered = TotalDelivered,
            completeness = Round(Completeness, 6),
            deliveriesPerSecond = Math.Round(DeliveriesPerSecond),
            seconds = Round(Seconds, 3),
            paths,
            orderErrors = OrderErrors,
            clientsLost = ClientsLost,
            clientsLostBeforeSending = ClientsLostBeforeSending,
            serverRssMb = Mb(ServerRssBytes),
            serverPeakRssInRunMb = Mb(ServerPeakRssInRunBytes),
            serverPeakRssMb = Mb(ServerPeakRssBytes),
            serverIdleRssMb = Mb(ServerIdleRssBytes),
            serverCpuPercent = Round(Percent(ServerCpuSeconds, WindowSeconds), 1),
            serverCpuNsPerDelivery = Round(TotalDelivered > 0 ? ServerCpuSeconds * 1e9 / TotalDelivered : double.NaN, 0),
            generatorCpuPercent = Round(Percent(GeneratorCpuSeconds, WindowSeconds), 1),
            tcpReceive = Options.TcpReceive.ToString().ToLowerInvariant(),
            byNode = nodes,
            redis,
            cpuWindowSeconds = Round(WindowSeconds, 3),
            connectSeconds = Round(ConnectSeconds, 2),
            settleSeconds = Round(SettleSeconds, 2),
            cores = Cores,
            loadAverageBefore = LoadAverageBefore,
            loadAverageAfter = LoadAverageAfter,
        };
        // One node has no byNode, layout or redis: those are left out rather than written as null.
        return JsonSerializer.Serialize(json, JsonOptions);
    }

    public string ToTable()
    {
        var o = Options;
        var text = new StringBuilder();
        var rate = o.Rate > 0 ? $"{o.Rate.ToString(CultureInfo.InvariantCulture)} msg/s each" : "flat out";
        var where = o.Nodes > 1 ? $" on {o.Nodes} nodes ({o.Layout.ToString().ToLowerInvariant()})" : "";
        Line(text, $"Scenario {o.Scenario}{where}: {o.TcpClients} TCP + {o.WebClients} SignalR clients; {o.TcpSenders} TCP + {o.WebSenders} SignalR senders x {o.MessagesPerSender} messages, {rate} (after a warm-up of {o.WarmupMessages})");
        Line(text, $"  sent {Sent:N0}, delivered {TotalDelivered:N0} of {TotalExpected:N0} expected (completeness {Completeness:F6}) in {Seconds:F3} s");
        Line(text, $"  deliveries/s {DeliveriesPerSecond:N0}   order errors {OrderErrors}   clients lost {ClientsLost} ({ClientsLostBeforeSending} before sending)");
        Line(text, "");
        Line(text, $"  {"path",-9} {"delivered",14} {"expected",14} {"complete",9} {"p50 ms",9} {"p99 ms",9} {"max ms",9}");
        for (var i = 0; i < DeliveryPaths.Count; i++)
        {
            if (Expected[i] == 0 && Delivered[i] == 0)
            {
                continue;
            }

            var latency = Latency[i];
            var complete = Expected[i] == 0 ? 0 : (double)Delivered[i] / Expected[i];
            Line(text, $"  {DeliveryPaths.Name((DeliveryPath)i),-9} {Delivered[i],14:N0} {Expected[i],14:N0} {complete,9:F6} {Millis(latency.Percentile(50)),9:F2} {Millis(latency.Percentile(99)),9:F2} {Millis(latency.Max),9:F2}");
        }

        Line(text, "");
        var servers = Nodes.Count > 1 ? $"{Nodes.Count} nodes together" : "server";
        Line(text, $"  {servers}: RSS {Mb(ServerRssBytes):F0} MB at end, {Mb(ServerPeakRssInRunBytes):F0} MB peak while sending, {Mb(ServerPeakRssBytes):F0} MB peak ever (idle before connects: {Mb(ServerIdleRssBytes):F0} MB); CPU {Percent(ServerCpuSeconds, WindowSeconds):F0} % of one core, {(TotalDelivered > 0 ? ServerCpuSeconds * 1e9 / TotalDelivered : 0):F0} ns per delivery");
        if (Nodes.Count > 1)
        {
            for (var i = 0; i < Nodes.Count; i++)
            {
                var node = Nodes[i];
                var complete = ExpectedByNode[i] == 0 ? 0 : (double)DeliveredByNode[i] / ExpectedByNode[i];
                Line(text, $"    node {node.Name}: {ClientsOnNode[i]} clients ({SendersOnNode[i]} senders), delivered {DeliveredByNode[i]:N0} of {ExpectedByNode[i]:N0} ({complete:F6}); RSS {Mb(node.After?.RssBytes ?? 0):F0} MB at end, {Mb(node.PeakRssInRunBytes):F0} MB peak while sending; CPU {Percent(node.CpuSeconds, WindowSeconds):F0} %");
            }
        }

        if (Redis is not null)
        {
            Line(text, RedisProcess is null
                ? $"  redis: given ({Redis.EndPoint}), not measured; prefix {Redis.Prefix}"
                : $"  redis: RSS {Mb(RedisProcess.After?.RssBytes ?? 0):F0} MB at end, {Mb(RedisProcess.PeakRssInRunBytes):F0} MB peak while sending; CPU {Percent(RedisProcess.CpuSeconds, WindowSeconds):F0} % of one core");
        }
        Line(text, $"  generator: CPU {Percent(GeneratorCpuSeconds, WindowSeconds):F0} % of one core (TCP receive: {Options.TcpReceive.ToString().ToLowerInvariant()}); {Cores} cores; load average {LoadAverageBefore:F2} before, {LoadAverageAfter:F2} after");
        Line(text, $"  connect {ConnectSeconds:F1} s, join storm delivered in {SettleSeconds:F1} s");
        Line(text, $"  server settings for the run: {(Options.ServerUrl is not null ? "(running gateway: its own)" : ServerSettings.Count == 0 ? "defaults" : string.Join(", ", ServerSettings.Select(s => $"{s.Key}={s.Value}")))}");
        if (LimitsUnknownToServer.Count > 0)
        {
            Line(text, $"  not known to this gateway build (not in force anyway): {string.Join(", ", LimitsUnknownToServer)}");
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static double Millis(long micros) => Math.Round(micros / 1000.0, 3);

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);

    private static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : -1;
}
