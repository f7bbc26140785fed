using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// The gateway as a separate process (`dotnet WebTcpChat.dll`), for what an in-process host cannot
/// show: being killed with SIGKILL, or running a publish output. Ports are ephemeral and read back
/// from its start-up log.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process)
    {
        _process = process;
    }

    public int TcpPort { get; private set; }

    public Uri HttpAddress { get; private set; } = new("http://127.0.0.1/");

    public int ProcessId => _process.Id;

    public string Output => string.Join('\n', _output);

    /// <summary>Starts the gateway built beside the tests, with ephemeral ports and the given settings.</summary>
    public static Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> settings) =>
        StartAsync(Path.Combine(AppContext.BaseDirectory, "WebTcpChat.dll"), settings, workingDirectory: null, arguments: []);

    /// <param name="dll">The app to run with the dotnet host.</param>
    /// <param name="settings">Environment: configuration keys (':' or '__') or plain variables.</param>
    /// <param name="workingDirectory">Where it runs; the dll's folder by default.</param>
    /// <param name="arguments">Command-line arguments after the dll.</param>
    /// <param name="ephemeralPorts">Bind both endpoints to free loopback ports (false: as the settings say).</param>
    public static async Task<GatewayProcess> StartAsync(
        string dll, IReadOnlyDictionary<string, string> settings, string? workingDirectory, IReadOnlyList<string> arguments,
        bool ephemeralPorts = true)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (ephemeralPorts)
        {
            start.Environment["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0";
            start.Environment["Kestrel__Endpoints__Tcp__Url"] = "http://127.0.0.1:0";
        }

        start.Environment["Serilog__MinimumLevel__Default"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var gateway = new GatewayProcess(new Process { StartInfo = start });
        gateway._process.OutputDataReceived += (_, line) => gateway.OnOutput(line.Data);
        gateway._process.ErrorDataReceived += (_, line) => gateway.OnOutput(line.Data);
        gateway._process.Exited += (_, _) => gateway._ready.TrySetException(
            new InvalidOperationException($"The gateway exited before it was ready:\n{gateway.Output}"));
        gateway._process.EnableRaisingEvents = true;
        gateway._process.Start();
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        try
        {
            await gateway._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>SIGKILL: no goodbye, no flush, nothing.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Ctrl+C or a container stop would send; waits for the exit.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(Timeouts.Event);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (TcpListening().Match(line) is { Success: true } tcp)
        {
            TcpPort = int.Parse(tcp.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        else if (HttpListening().Match(line) is { Success: true } http)
        {
            HttpAddress = new Uri($"http://127.0.0.1:{http.Groups[1].Value}/");
        }
        else if (line.Contains("is running", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    // Text logs show the address bare; JSON logs quote it (\"127.0.0.1:5000\").
    [GeneratedRegex(@"TCP chat listening on \\?""?\[?[0-9a-fA-F.:]*\]?:(\d+)")]
    private static partial Regex TcpListening();

    [GeneratedRegex(@"endpoint \(page and hub\) listening on \\?""?\[?[0-9a-fA-F.:]*\]?:(\d+)")]
    private static partial Regex HttpListening();
}
