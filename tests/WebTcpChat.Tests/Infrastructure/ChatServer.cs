using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using WebTcpChat.Hosting;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// The gateway on real Kestrel, both endpoints on ephemeral loopback ports. One per test, used with
/// <c>await using</c>; settings override appsettings.json for that server only.
/// </summary>
public sealed class ChatServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
        ["Kestrel:Endpoints:Tcp:Url"] = "http://127.0.0.1:0",
        ["Serilog:MinimumLevel:Default"] = "Warning",
        // Most tests send as fast as they can, which the flood limit would slow or cut off; the tests
        // of flood control (Hostile/FloodTests, the soak) set their own limits.
        ["Limits:FloodLinesPerSecond"] = "0",
    };

    private readonly Action<IServiceCollection>? _services;
    private readonly TestDatabase? _ownDatabase;

    private ChatServer(IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        _services = services;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        // A fresh database per server, unless the test brings its own (to restart on it).
        if (!_settings.ContainsKey(TestDatabase.SettingKey))
        {
            _ownDatabase = new TestDatabase();
            _settings[TestDatabase.SettingKey] = _ownDatabase.ConnectionString;
        }

        UseKestrel();
    }

    /// <summary>What the server logged (at its minimum level: Warning unless the settings say otherwise).</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>A setting this server was started with.</summary>
    public string Setting(string key) => _settings[key] ?? "";

    public int TcpPort => Port(EndpointNames.Tcp);

    /// <summary>The bound port of a named endpoint (Http, Https, Tcp, Tcps).</summary>
    public int Port(string endpoint) => Services.GetRequiredService<BoundEndpoints>().Port(endpoint);

    public Uri HttpAddress => new($"http://127.0.0.1:{Services.GetRequiredService<BoundEndpoints>().Port(EndpointNames.Http)}/");

    /// <summary>Starts a server; <paramref name="services"/> can replace the app's services (a fake clock, say).</summary>
    public static ChatServer Start(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var server = new ChatServer(settings, services);
        server.StartServer();
        return server;
    }

    public Task<TcpChatClient> ConnectTcpAsync() => TcpChatClient.ConnectAsync(TcpPort);

    public Task<WebChatClient> ConnectWebAsync() => WebChatClient.ConnectAsync(HttpAddress);

    public HttpClient CreateHttpClient() => new() { BaseAddress = HttpAddress };

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings))
            .ConfigureTestServices(services =>
            {
                services.AddSingleton<ILogEventSink>(Logs);
                // UseKestrel() above registers Kestrel's services again, after the app's: put the app's
                // choice of buffer pool back, so the tests run the transport as production does.
                services.AddSharedTransportMemory();
                _services?.Invoke(services);
            });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _ownDatabase?.Dispose();
    }
}
