using System.Net;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using WebTcpChat.Chat;

namespace WebTcpChat.Observability;

internal static class MetricsExtensions
{
    private const string MetricsPath = "/metrics";

    /// <summary>OpenTelemetry metrics: ours, Kestrel's, SignalR's and the runtime's, for Prometheus.</summary>
    public static IServiceCollection AddChatMetrics(this IServiceCollection services)
    {
        services.AddValidatedOptions<MetricsOptions>(MetricsOptions.SectionName)
            .Validate(options => options.EffectiveNetworks.All(network => IPNetwork.TryParse(network, out _)),
                "Metrics:AllowedNetworks must hold CIDR networks such as 10.0.0.0/8.");
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ChatMetrics.MeterName)
            .AddMeter("Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.SignalR")
            .AddMeter("Microsoft.AspNetCore.Hosting", "System.Runtime")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Serves <c>/metrics</c> to the allowed networks only.</summary>
    public static WebApplication MapChatMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        var allowed = options.EffectiveNetworks.Select(network => IPNetwork.Parse(network)).ToArray();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(MetricsPath) && !IsAllowed(context.Connection.RemoteIpAddress, allowed),
            denied => denied.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static bool IsAllowed(IPAddress? address, IPNetwork[] allowed)
    {
        if (address is null)
        {
            return false;
        }

        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return allowed.Any(network => network.Contains(normalized));
    }
}
