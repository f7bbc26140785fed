using System.Net;

namespace WebTcpChat.Hosting;

/// <summary>Logs where each endpoint listens once Kestrel has bound them (port 0 shows its real port).</summary>
internal sealed partial class BoundEndpointsLogger(
    BoundEndpoints endpoints, IHostApplicationLifetime lifetime, ILogger<BoundEndpointsLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var name in endpoints.Names.Order(StringComparer.Ordinal))
            {
                var endpoint = endpoints.Get(name);
                if (name == EndpointNames.Tcp)
                {
                    LogTcpListening(logger, endpoint);
                }
                else if (name == EndpointNames.Tcps)
                {
                    LogTlsTcpListening(logger, endpoint);
                }
                else
                {
                    LogHttpListening(logger, name, endpoint);
                }
            }

            LogReady(logger);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "TCP chat listening on {EndPoint} (try: nc localhost <port>)")]
    private static partial void LogTcpListening(ILogger logger, IPEndPoint? endPoint);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "TCP chat over TLS listening on {EndPoint} (try: openssl s_client -connect localhost:<port>)")]
    private static partial void LogTlsTcpListening(ILogger logger, IPEndPoint? endPoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Name} endpoint (page and hub) listening on {EndPoint}")]
    private static partial void LogHttpListening(ILogger logger, string name, IPEndPoint? endPoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "WebTcpChat is running. Press Ctrl+C to stop.")]
    private static partial void LogReady(ILogger logger);
}
