using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// A real redis-server of the test's own, on a free loopback port, with AOF on (fsync always) in a
/// temp folder, so it can be stopped and started again with its data. Stopped by its pid.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("webtcpchat-redis-").FullName;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    private string PidFile => Path.Combine(_folder, "redis.pid");

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort.Pick());
        try
        {
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync(); // a daemon that started but never answered, and its folder
            throw;
        }

        return server;
    }

    /// <summary>Starts it (again) on the same port with the same data.</summary>
    public async Task StartAgainAsync()
    {
        using var start = Process.Start(new ProcessStartInfo("redis-server",
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "yes", "--appendfsync", "always", "--dir", _folder,
            "--daemonize", "yes", "--pidfile", PidFile, "--logfile", Path.Combine(_folder, "redis.log"),
        ])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await start.WaitForExitAsync();
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-server did not start: {await start.StandardError.ReadToEndAsync()}");
        }

        await Eventually.WaitForAsync(PingsAsync, up => up);
    }

    /// <summary>Stops it (SIGTERM) and waits until it no longer answers.</summary>
    public async Task StopAsync()
    {
        if (File.Exists(PidFile) && int.TryParse(await File.ReadAllTextAsync(PidFile), CultureInfo.InvariantCulture, out var pid))
        {
            using var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await Eventually.WaitForAsync(() => Task.FromResult(!IsRunning(pid)), stopped => stopped);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var reply = new byte[7];
            var read = await stream.ReadAsync(reply);
            return read > 0 && reply[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
