using System.Globalization;
using System.Net;

namespace WebTcpChat.Bench;

/// <summary>What one run does. A scenario sets the defaults; any option given after it overrides them.</summary>
internal sealed class BenchOptions
{
    public string Scenario { get; set; } = "custom";

    public int TcpClients { get; set; } = 100;

    public int WebClients { get; set; }

    public int TcpSenders { get; set; } = 10;

    public int WebSenders { get; set; }

    /// <summary>Messages each sender sends; 0: as many as <see cref="Rate"/> × <see cref="DurationSeconds"/>.</summary>
    public int Messages { get; set; } = 20_000;

    /// <summary>Messages per second per sender; 0: flat out.</summary>
    public double Rate { get; set; }

    public double DurationSeconds { get; set; } = 15;

    /// <summary>Messages each sender sends, in the same way, before measuring; null: the scenario's choice.</summary>
    public int? Warmup { get; set; }

    /// <summary>
    /// About 3 s of a paced load; flat out, as many messages as the measured phase (at least 1,000),
    /// unless set. A tenth was too little: the tiered JIT was still compiling through the first
    /// seconds of the measured flood, a fifth of a core in each gateway.
    /// </summary>
    public int WarmupMessages => Warmup ?? (Rate > 0 ? (int)Math.Ceiling(Rate * 3) : Math.Max(1_000, MessagesPerSender));

    /// <summary>Bytes the server may queue per client (<c>Limits:SendQueueBytes</c>); null: the server's own setting.</summary>
    public long? SendQueueBytes { get; set; }

    public string? ServerDll { get; set; }

    /// <summary>A running gateway's page and hub address, instead of starting one.</summary>
    public Uri? ServerUrl { get; set; }

    public IPEndPoint? TcpEndPoint { get; set; }

    /// <summary>A running gateway's process id, to read its memory and CPU.</summary>
    public int? ServerPid { get; set; }

    /// <summary>More settings or environment variables for the started gateway (KEY=VALUE), for experiments.</summary>
    public Dictionary<string, string> ServerSettings { get; } = [];

    /// <summary>Gateway processes started on one Redis (one shared chat); 1: one node, no Redis.</summary>
    public int Nodes { get; set; } = 1;

    /// <summary>Which node each client connects to, when there are several.</summary>
    public NodeLayout Layout { get; set; } = NodeLayout.Split;

    /// <summary>A running Redis (host:port) for several nodes, instead of a redis-server of the run's own.</summary>
    public string? Redis { get; set; }

    public int ConnectConcurrency { get; set; } = 64;

    /// <summary>How the TCP clients' lines are read (see <see cref="TcpReceivePoller"/>).</summary>
    public TcpReceiveMode TcpReceive { get; set; } = TcpReceiveMode.Poll;

    /// <summary>How long deliveries may stall after the last send before the run gives up on the rest.</summary>
    public double DrainSeconds { get; set; } = 10;

    public bool JsonOnly { get; set; }

    public static string Usage =>
        """
        WebTcpChat.Bench: a load generator for the WebTcpChat gateway.

          dotnet WebTcpChat.Bench.dll --scenario flood|flood2|chat|idle|mixed [options]

        Scenarios (options after --scenario override its values):
          flood  100 TCP clients, 10 senders x 20,000 messages, flat out
          flood2 the same on two nodes sharing one Redis: the 10 senders on node A, the 90 others on B
          chat   1,000 TCP clients, 50 senders at 20 msg/s for 15 s
          idle   5,000 TCP + 1,000 SignalR clients, 1 sender at 100 msg/s for 15 s
          mixed  500 TCP + 500 SignalR clients, 20 senders each side at 10 msg/s for 15 s

        Options:
          --tcp N  --web M               clients on each side
          --tcp-senders S --web-senders S  how many of them send
          --messages K                   messages per sender (flat out); 0 = rate x duration
          --rate R                       messages per second per sender; 0 = flat out
          --duration SECONDS             how long paced senders send
          --warmup K                     messages per sender sent first and not measured
                                         (default: 3 s of the rate; flat out, as many as --messages, at least 1,000)
          --send-queue-bytes B           Limits:SendQueueBytes for the started gateway
          --server-dll PATH              gateway to start (default: the Release build in this repository)
          --server-setting KEY=VALUE     another setting or environment variable for the started gateway
                                         (repeatable; e.g. Limits:SendQueueBytes=0, DOTNET_gcServer=0)
          --server-url URL --tcp-endpoint HOST:PORT [--server-pid PID]   target a running gateway instead
          --nodes N                      start N gateways on one Redis, one shared chat (default 1)
          --layout split|alternate       split (default): senders on node A, everyone else on the others;
                                         alternate: clients (senders too) take turns between the nodes
          --redis HOST:PORT              a running Redis for the nodes (default: a redis-server of the
                                         run's own on a free loopback port); each run uses its own prefix
          --connect-concurrency N        connections opened at once (default 64)
          --tcp-receive poll|async       poll (default): a thread per core polls the TCP clients'
                                         sockets every millisecond; async: each client awaits its own
                                         receives (costs the generator more CPU under heavy fan-out)
          --drain SECONDS                give up on missing deliveries after this long (default 10)
          --json                         print only the JSON line
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--json")
            {
                options.JsonOnly = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--scenario": options.ApplyScenario(value); break;
                case "--tcp": options.TcpClients = Int(value); break;
                case "--web": options.WebClients = Int(value); break;
                case "--tcp-senders": options.TcpSenders = Int(value); break;
                case "--web-senders": options.WebSenders = Int(value); break;
                case "--messages": options.Messages = Int(value); break;
                case "--rate": options.Rate = Double(value); break;
                case "--duration": options.DurationSeconds = Double(value); break;
                case "--warmup": options.Warmup = Int(value); break;
                case "--send-queue-bytes": options.SendQueueBytes = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "--server-dll": options.ServerDll = Path.GetFullPath(value); break;
                case "--server-url": options.ServerUrl = new Uri(value.EndsWith('/') ? value : value + "/"); break;
                case "--tcp-endpoint": options.TcpEndPoint = ParseEndPoint(value); break;
                case "--server-pid": options.ServerPid = Int(value); break;
                case "--server-setting": options.AddServerSetting(value); break;
                case "--nodes": options.Nodes = Int(value); break;
                case "--layout": options.Layout = ParseLayout(value); break;
                case "--redis": options.Redis = value; break;
                case "--connect-concurrency": options.ConnectConcurrency = Int(value); break;
                case "--tcp-receive": options.TcpReceive = ParseTcpReceive(value); break;
                case "--drain": options.DrainSeconds = Double(value); break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }

        options.Validate();
        return options;
    }

    public int SenderCount => TcpSenders + WebSenders;

    /// <summary>Messages each sender sends.</summary>
    public int MessagesPerSender => Rate > 0 && Messages == 0 ? (int)Math.Round(Rate * DurationSeconds) : Messages;

    private void AddServerSetting(string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--server-setting takes KEY=VALUE, not {setting}.");
        }

        ServerSettings[setting[..equals]] = setting[(equals + 1)..];
    }

    private void ApplyScenario(string name)
    {
        Scenario = name;
        Nodes = name == "flood2" ? 2 : 1;
        (TcpClients, WebClients, TcpSenders, WebSenders, Messages, Rate, DurationSeconds, SendQueueBytes) = name switch
        {
            // Flat out, the writers fall behind the fan-out by design: the per-client queue is raised from 64 KiB.
            "flood" or "flood2" => (100, 0, 10, 0, 20_000, 0d, 0d, 64L << 20),
            "chat" => (1_000, 0, 50, 0, 0, 20d, 15d, (long?)null),
            // Connecting 5,000 users fans out 12.5 M join lines; on a busy box the writers lag behind
            // that storm by more than the default 64 KiB, so the queue is raised to 1 MiB.
            "idle" => (5_000, 1_000, 1, 0, 0, 100d, 15d, 1L << 20),
            "mixed" => (500, 500, 20, 20, 0, 10d, 15d, (long?)null),
            _ => throw new ArgumentException($"Unknown scenario {name}: flood, flood2, chat, idle or mixed."),
        };
    }

    private void Validate()
    {
        if (TcpSenders > TcpClients || WebSenders > WebClients)
        {
            throw new ArgumentException("There cannot be more senders than clients on a side.");
        }

        if (SenderCount > BenchPayload.MaxSenders || WarmupMessages + MessagesPerSender > BenchPayload.MaxSequence)
        {
            throw new ArgumentException($"At most {BenchPayload.MaxSenders} senders and {BenchPayload.MaxSequence} messages each.");
        }

        if (TcpClients + WebClients == 0 || SenderCount == 0 || MessagesPerSender <= 0)
        {
            throw new ArgumentException("Nothing to do: give clients, senders and messages (or a rate and a duration).");
        }

        if ((ServerUrl is null) != (TcpEndPoint is null))
        {
            throw new ArgumentException("--server-url and --tcp-endpoint go together.");
        }

        if (Nodes is < 1 or > MaxNodes)
        {
            throw new ArgumentException($"--nodes takes 1 to {MaxNodes}.");
        }

        if (Nodes > 1 && ServerUrl is not null)
        {
            throw new ArgumentException("--nodes starts its own gateways: it does not go with --server-url.");
        }

        if (Nodes == 1 && Redis is not null)
        {
            throw new ArgumentException("--redis is for several nodes (--nodes 2 or more).");
        }
    }

    public const int MaxNodes = 8;

    /// <summary>Node A, B, ...</summary>
    public static string NodeName(int node) => ((char)('A' + node)).ToString();

    private static NodeLayout ParseLayout(string value) => value switch
    {
        "split" => NodeLayout.Split,
        "alternate" => NodeLayout.Alternate,
        _ => throw new ArgumentException($"--layout takes split or alternate, not {value}."),
    };

    private static TcpReceiveMode ParseTcpReceive(string value) => value switch
    {
        "poll" => TcpReceiveMode.Poll,
        "async" => TcpReceiveMode.Async,
        _ => throw new ArgumentException($"--tcp-receive takes poll or async, not {value}."),
    };

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static double Double(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    private static IPEndPoint ParseEndPoint(string value)
    {
        if (IPEndPoint.TryParse(value, out var endPoint))
        {
            return endPoint;
        }

        var colon = value.LastIndexOf(':');
        var address = Dns.GetHostAddresses(value[..colon]).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        return new IPEndPoint(address, Int(value[(colon + 1)..]));
    }
}

/// <summary>Which node each client connects to, when a run has several.</summary>
internal enum NodeLayout
{
    /// <summary>Every sender on node A; the clients that only listen on the other nodes, in turn.</summary>
    Split,

    /// <summary>Client i on node i mod N, senders included: every node appends and fans out.</summary>
    Alternate,
}

/// <summary>How the generator reads its TCP clients.</summary>
internal enum TcpReceiveMode
{
    Poll,
    Async,
}
