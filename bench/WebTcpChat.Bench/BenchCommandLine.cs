using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace WebTcpChat.Bench;

/// <summary>
/// The load generator's command line: its options, its help, and how a parsed line becomes
/// <see cref="BenchOptions"/>. A scenario sets the defaults; every option given overrides them,
/// wherever it stands on the line.
/// </summary>
internal sealed class BenchCommandLine
{
    /// <summary>What <c>--help</c> says first: how to run it, and the scenarios.</summary>
    private const string Description =
        """
        WebTcpChat.Bench: a load generator for the WebTcpChat gateway.

          dotnet WebTcpChat.Bench.dll --scenario flood|flood2|chat|idle|mixed [options]

        Scenarios (the options given override its values, wherever they stand):
          flood  100 TCP clients, 10 senders x 20,000 messages, flat out
          flood2 the same on two nodes sharing one Redis: the 10 senders on node A, the 90 others on B
          chat   1,000 TCP clients, 50 senders at 20 msg/s for 15 s
          idle   5,000 TCP + 1,000 SignalR clients, 1 sender at 100 msg/s for 15 s
          mixed  500 TCP + 500 SignalR clients, 20 senders each side at 10 msg/s for 15 s

        Without --scenario: 100 TCP clients, 10 senders x 20,000 messages, flat out, on one node.
        """;

    private readonly Option<string> scenario = new("--scenario")
    {
        HelpName = string.Join('|', BenchOptions.ScenarioNames),
        Description = "the scenario whose values the other options start from",
        CustomParser = ParseScenario,
    };

    private readonly Option<int> tcp = Number("--tcp", "N", 0, "TCP clients");
    private readonly Option<int> web = Number("--web", "M", 0, "SignalR clients");
    private readonly Option<int> tcpSenders = Number("--tcp-senders", "S", 0, "how many of the TCP clients send");
    private readonly Option<int> webSenders = Number("--web-senders", "S", 0, "how many of the SignalR clients send");
    private readonly Option<int> messages = Number("--messages", "K", 0, "messages per sender (flat out); 0 = rate x duration");
    private readonly Option<double> rate = Number("--rate", "R", 0d, "messages per second per sender; 0 = flat out");
    private readonly Option<double> duration = Number("--duration", "SECONDS", 0d, "how long paced senders send");

    private readonly Option<int> warmup = Number(
        "--warmup", "K", 0,
        "messages per sender sent first and not measured (default: 3 s of the rate; flat out, as many as --messages, at least 1,000)");

    private readonly Option<long> sendQueueBytes = Number("--send-queue-bytes", "B", 0L, "Limits:SendQueueBytes for the started gateway");

    private readonly Option<string> serverDll = new("--server-dll")
    {
        HelpName = "PATH",
        Description = "gateway to start (default: the Release build in this repository)",
        CustomParser = Last,
    };

    private readonly Option<Uri> serverUrl = new("--server-url")
    {
        HelpName = "URL",
        Description = "a running gateway's page and hub address, instead of starting one (with --tcp-endpoint)",
        CustomParser = ParseServerUrl,
    };

    private readonly Option<IPEndPoint> tcpEndPoint = new("--tcp-endpoint")
    {
        HelpName = "HOST:PORT",
        Description = "the running gateway's TCP address (with --server-url)",
        CustomParser = ParseEndPoint,
    };

    private readonly Option<int> serverPid = Number("--server-pid", "PID", 1, "the running gateway's process id, to read its memory and CPU");

    private readonly Option<List<KeyValuePair<string, string>>> serverSettings = new("--server-setting")
    {
        HelpName = "KEY=VALUE",
        Description = "another setting or environment variable for the started gateway (repeatable; e.g. Limits:SendQueueBytes=0, DOTNET_gcServer=0)",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = ParseServerSettings,
    };

    private readonly Option<int> nodes = Number(
        "--nodes", "N", 1, $"start N gateways (at most {BenchOptions.MaxNodes}) on one Redis, one shared chat (default 1)");

    private readonly Option<NodeLayout> layout = new("--layout")
    {
        HelpName = "split|alternate",
        Description = "split (default): senders on node A, everyone else on the others; alternate: clients (senders too) take turns between the nodes",
        CustomParser = ParseChoice<NodeLayout>,
    };

    private readonly Option<string> redis = new("--redis")
    {
        HelpName = "HOST:PORT",
        Description = "a running Redis for the nodes (default: a redis-server of the run's own on a free loopback port); each run uses its own prefix",
        CustomParser = Last,
    };

    private readonly Option<int> connectConcurrency = Number("--connect-concurrency", "N", 1, "connections opened at once (default 64)");

    private readonly Option<TcpReceiveMode> tcpReceive = new("--tcp-receive")
    {
        HelpName = "poll|async",
        Description = "poll (default): a thread per core polls the TCP clients' sockets every millisecond; async: each client awaits its own receives (costs the generator more CPU under heavy fan-out)",
        CustomParser = ParseChoice<TcpReceiveMode>,
    };

    private readonly Option<double> drain = Number("--drain", "SECONDS", 0d, "give up on missing deliveries after this long (default 10)");

    private readonly Option<bool> json = new("--json")
    {
        Description = "print only the JSON line",
        Arity = ArgumentArity.Zero,
    };

    private BenchCommandLine()
    {
        Command = new RootCommand(Description)
        {
            scenario, tcp, web, tcpSenders, webSenders, messages, rate, duration, warmup, sendQueueBytes,
            serverDll, serverUrl, tcpEndPoint, serverPid, serverSettings, nodes, layout, redis,
            connectConcurrency, tcpReceive, drain, json,
        };

        // An option given twice takes its last value, as it always did: a script may add its own after a caller's.
        foreach (var option in Command.Options.Where(o => o.Arity.Equals(ArgumentArity.ExactlyOne)))
        {
            option.Arity = ArgumentArity.OneOrMore;
        }
    }

    private RootCommand Command { get; }

    /// <summary>
    /// The options of a run, or false when there is nothing to run: then the help (--help, or no
    /// arguments at all) or what is wrong has been written, and <paramref name="exitCode"/> says how to end.
    /// </summary>
    public static bool TryParse(
        string[] args, TextWriter output, TextWriter error, [NotNullWhen(true)] out BenchOptions? options, out int exitCode)
    {
        options = null;
        var commandLine = new BenchCommandLine();
        var invocation = new InvocationConfiguration { Output = output, Error = error };
        if (args.Length == 0)
        {
            commandLine.Command.Parse(["--help"]).Invoke(invocation);
            exitCode = 2;
            return false;
        }

        var result = commandLine.Command.Parse(args);

        // --help (or -h, -?) and --version answer whatever else is on the line.
        if (result.Action is { ClearsParseErrors: true } || (result.Errors.Count == 0 && result.Action is not null))
        {
            exitCode = result.Invoke(invocation);
            return false;
        }

        if (result.Errors.Count > 0)
        {
            exitCode = Fail(error, result.Errors.Select(e => e.Message));
            return false;
        }

        try
        {
            options = commandLine.ToOptions(result);
            exitCode = 0;
            return true;
        }
        catch (ArgumentException ex)
        {
            exitCode = Fail(error, [ex.Message]);
            return false;
        }
    }

    private static int Fail(TextWriter error, IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            error.WriteLine(message);
        }

        error.WriteLine("Run with --help for the scenarios and options.");
        return 2;
    }

    private BenchOptions ToOptions(ParseResult result)
    {
        var options = new BenchOptions();

        // The scenario first, wherever it stands: every option given overrides its values.
        if (result.GetValue(scenario) is { } name)
        {
            options.ApplyScenario(name);
        }

        Set(result, tcp, value => options.TcpClients = value);
        Set(result, web, value => options.WebClients = value);
        Set(result, tcpSenders, value => options.TcpSenders = value);
        Set(result, webSenders, value => options.WebSenders = value);
        Set(result, messages, value => options.Messages = value);
        Set(result, rate, value => options.Rate = value);
        Set(result, duration, value => options.DurationSeconds = value);
        Set(result, warmup, value => options.Warmup = value);
        Set(result, sendQueueBytes, value => options.SendQueueBytes = value);
        Set(result, serverDll, value => options.ServerDll = Path.GetFullPath(value));
        Set(result, serverUrl, value => options.ServerUrl = value);
        Set(result, tcpEndPoint, value => options.TcpEndPoint = value);
        Set(result, serverPid, value => options.ServerPid = value);
        Set(result, serverSettings, settings =>
        {
            foreach (var (key, value) in settings)
            {
                options.ServerSettings[key] = value;
            }
        });
        Set(result, nodes, value => options.Nodes = value);
        Set(result, layout, value => options.Layout = value);
        Set(result, redis, value => options.Redis = value);
        Set(result, connectConcurrency, value => options.ConnectConcurrency = value);
        Set(result, tcpReceive, value => options.TcpReceive = value);
        Set(result, drain, value => options.DrainSeconds = value);
        options.JsonOnly = result.GetValue(json);

        options.Validate();
        return options;
    }

    /// <summary>Applies an option's value only when the line gives it: otherwise the scenario's or the default stays.</summary>
    private static void Set<T>(ParseResult result, Option<T> option, Action<T> apply)
    {
        if (result.GetResult(option) is not null && result.GetValue(option) is { } value)
        {
            apply(value);
        }
    }

    /// <summary>A number option, read in the invariant culture, at least <paramref name="min"/>.</summary>
    private static Option<T> Number<T>(string name, string helpName, T min, string description)
        where T : struct, INumber<T> => new(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = result =>
            {
                var token = Last(result);
                if (!T.TryParse(token, CultureInfo.InvariantCulture, out var value))
                {
                    result.AddError($"{name} takes {(typeof(T) == typeof(double) ? "a number" : "a whole number")}, not {token}.");
                }
                else if (!(value >= min))
                {
                    result.AddError($"{name} takes {min.ToString(null, CultureInfo.InvariantCulture)} or more, not {token}.");
                }

                return value;
            },
        };

    /// <summary>The option's value: the last one given.</summary>
    private static string Last(ArgumentResult result) => result.Tokens[^1].Value;

    private static string ParseScenario(ArgumentResult result)
    {
        var name = Last(result);
        if (!BenchOptions.ScenarioNames.Contains(name))
        {
            result.AddError($"Unknown scenario {name}: {string.Join(", ", BenchOptions.ScenarioNames.SkipLast(1))} or {BenchOptions.ScenarioNames[^1]}.");
        }

        return name;
    }

    /// <summary>One of an enum's values, by its name in lower case (as the help shows them).</summary>
    private static T ParseChoice<T>(ArgumentResult result)
        where T : struct, Enum
    {
        var value = Last(result);
        var names = Enum.GetNames<T>().Select(name => name.ToLowerInvariant()).ToArray();
        var index = Array.IndexOf(names, value);
        if (index < 0)
        {
            var option = (result.Parent as OptionResult)?.Option.Name;
            result.AddError($"{option} takes {string.Join(" or ", names)}, not {value}.");
            return default;
        }

        return Enum.GetValues<T>()[index];
    }

    private static Uri? ParseServerUrl(ArgumentResult result)
    {
        var value = Last(result);
        if (Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"--server-url takes an http:// or https:// address, not {value}.");
        return null;
    }

    /// <summary>An IP address and port, or a host name (its first IPv4 address) and port.</summary>
    private static IPEndPoint? ParseEndPoint(ArgumentResult result)
    {
        var value = Last(result);
        if (IPEndPoint.TryParse(value, out var endPoint) && endPoint.Port != 0)
        {
            return endPoint;
        }

        var colon = value.LastIndexOf(':');
        if (colon > 0
            && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= IPEndPoint.MaxPort)
        {
            try
            {
                if (Dns.GetHostAddresses(value[..colon]).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) is { } address)
                {
                    return new IPEndPoint(address, port);
                }

                result.AddError($"--tcp-endpoint: {value[..colon]} has no IPv4 address.");
                return null;
            }
            catch (Exception ex) when (ex is SocketException or ArgumentException)
            {
                result.AddError($"--tcp-endpoint: cannot resolve {value[..colon]} ({ex.Message}).");
                return null;
            }
        }

        result.AddError($"--tcp-endpoint takes HOST:PORT, not {value}.");
        return null;
    }

    private static List<KeyValuePair<string, string>> ParseServerSettings(ArgumentResult result)
    {
        var settings = new List<KeyValuePair<string, string>>();
        foreach (var token in result.Tokens)
        {
            var setting = token.Value;
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                result.AddError($"--server-setting takes KEY=VALUE, not {setting}.");
                continue;
            }

            settings.Add(new(setting[..equals], setting[(equals + 1)..]));
        }

        return settings;
    }
}
