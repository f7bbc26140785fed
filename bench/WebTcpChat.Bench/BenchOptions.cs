using System.Net;

namespace WebTcpChat.Bench;

/// <summary>What one run does. A scenario sets the defaults; any option given overrides them (see <see cref="BenchCommandLine"/>).</summary>
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

    public int SenderCount => TcpSenders + WebSenders;

    /// <summary>Messages each sender sends.</summary>
    public int MessagesPerSender => Rate > 0 && Messages == 0 ? (int)Math.Round(Rate * DurationSeconds) : Messages;

    /// <summary>The scenarios <see cref="ApplyScenario"/> knows.</summary>
    public static IReadOnlyList<string> ScenarioNames { get; } = ["flood", "flood2", "chat", "idle", "mixed"];

    /// <summary>Sets the scenario's values; the command line then overrides those it gives.</summary>
    public void ApplyScenario(string name)
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

    /// <summary>Throws an <see cref="ArgumentException"/> when the options do not make a run.</summary>
    public void Validate()
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
