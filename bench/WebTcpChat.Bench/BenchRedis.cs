using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace WebTcpChat.Bench;

/// <summary>
/// The Redis a multi-node run shares: a redis-server of the run's own on a free loopback port (AOF,
/// fsync every second, as compose.yaml runs it; its folder deleted after), or one given with
/// <c>--redis</c>. Every run uses its own key prefix; on a given Redis its keys are deleted after.
/// </summary>
internal sealed class BenchRedis : IAsyncDisposable
{
    // Deletes every key under a prefix (ARGV[1] is the pattern), a thousand at a time.
    private const string DeleteKeys =
        """
        local deleted, cursor = 0, '0'
        repeat
          local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
          cursor = page[1]
          for _, key in ipairs(page[2]) do redis.call('UNLINK', key); deleted = deleted + 1 end
        until cursor == '0'
        return deleted
        """;

    private readonly Process? _process;
    private readonly string? _folder;

    private BenchRedis(string endPoint, string prefix, Process? process, string? folder)
    {
        EndPoint = endPoint;
        Prefix = prefix;
        _process = process;
        _folder = folder;
    }

    /// <summary>host:port, as a StackExchange.Redis configuration string.</summary>
    public string EndPoint { get; }

    /// <summary>This run's <c>Redis:Prefix</c>.</summary>
    public string Prefix { get; }

    /// <summary>True when the run started this redis-server (and stops it).</summary>
    public bool IsOwn => _process is not null;

    public int? Pid => _process?.Id;

    public static async Task<BenchRedis> StartOrUseAsync(string? given, CancellationToken cancellationToken)
    {
        var prefix = $"webtcpchat-bench-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..6])}:";
        if (given is not null)
        {
            var redis = new BenchRedis(given, prefix, process: null, folder: null);
            if (!await redis.PingsAsync(cancellationToken))
            {
                throw new InvalidOperationException($"No Redis answers PING at {given}.");
            }

            return redis;
        }

        var folder = Directory.CreateTempSubdirectory("webtcpchat-bench-redis-").FullName;
        var port = FreePort().ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
            "--dir", folder, "--logfile", Path.Combine(folder, "redis.log"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Directory.Delete(folder, recursive: true);
            throw new InvalidOperationException($"Could not start redis-server ({ex.Message}): install it, or pass --redis HOST:PORT.", ex);
        }

        var own = new BenchRedis($"127.0.0.1:{port}", prefix, process, folder);
        try
        {
            var waited = Stopwatch.StartNew();
            while (!await own.PingsAsync(cancellationToken))
            {
                if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(20))
                {
                    var log = Path.Combine(folder, "redis.log");
                    throw new InvalidOperationException($"redis-server did not start: {(File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : "no log")}");
                }

                await Task.Delay(50, cancellationToken);
            }
        }
        catch
        {
            await own.DisposeAsync();
            throw;
        }

        return own;
    }

    /// <summary>Stops the run's own redis-server by its pid and deletes its folder; on a given Redis, deletes the run's keys.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var redis = await ConnectAsync();
            await redis.GetDatabase().ScriptEvaluateAsync(DeleteKeys, values: [Prefix + "*"]).WaitAsync(timeout.Token);
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder!, recursive: true);
    }

    private async Task<bool> PingsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var redis = await ConnectAsync();
            await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return true;
        }
        catch (RedisConnectionException)
        {
            return false; // not listening yet
        }
    }

    private Task<ConnectionMultiplexer> ConnectAsync() =>
        ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { EndPoint }, ConnectTimeout = 1_000, ConnectRetry = 0 });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
