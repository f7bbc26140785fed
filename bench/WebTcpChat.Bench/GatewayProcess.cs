using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace WebTcpChat.Bench;

/// <summary>
/// The gateway under test, started as a child process from a Release build, configured only through
/// environment variables (so nothing in appsettings.json changes). Its bound ports come from its
/// start-up log lines.
/// </summary>
internal sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _recentOutput = new();
    private IPEndPoint? _tcp;
    private IPEndPoint? _http;

    private GatewayProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public IPEndPoint TcpEndPoint => _tcp!;

    public Uri HttpAddress => new($"http://{_http}/");

    /// <summary>The last lines the gateway printed (start-up errors, warnings).</summary>
    public string RecentOutput
    {
        get
        {
            lock (_recentOutput)
            {
                return string.Join('\n', _recentOutput);
            }
        }
    }

    public static async Task<GatewayProcess> StartAsync(
        string dll, IReadOnlyDictionary<string, string> settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var gateway = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.Exited += (_, _) => gateway._ready.TrySetException(
            new InvalidOperationException($"The gateway exited during start-up (code {process.ExitCode})."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await gateway._ready.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            await gateway.DisposeAsync();
            throw new InvalidOperationException($"{ex.Message} Its output:\n{gateway.RecentOutput}", ex);
        }
        catch (OperationCanceledException)
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_recentOutput)
        {
            _recentOutput.Enqueue(line);
            while (_recentOutput.Count > 40)
            {
                _recentOutput.Dequeue();
            }
        }

        if (TcpListening().Match(line) is { Success: true } tcp)
        {
            _tcp = IPEndPoint.Parse(tcp.Groups[1].Value);
        }
        else if (HttpListening().Match(line) is { Success: true } http)
        {
            _http = IPEndPoint.Parse(http.Groups[1].Value);
        }

        if (_tcp is not null && _http is not null)
        {
            _ready.TrySetResult();
        }
    }

    [GeneratedRegex(@"TCP chat listening on (\S+)")]
    private static partial Regex TcpListening();

    [GeneratedRegex(@"Http endpoint .*listening on (\S+)")]
    private static partial Regex HttpListening();
}
