using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using WebTcpChat.Chat;

namespace WebTcpChat.Hosting;

internal static class LoggingExtensions
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Serilog: levels and extra sinks from the <c>Serilog</c> section, the console as text or compact
    /// JSON per <c>Logs:Format</c>. Built per host from its own services, not from a static bootstrap
    /// logger, so several hosts (integration tests) can run side by side.
    /// </summary>
    public static WebApplicationBuilder AddChatLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<LogsOptions>(LogsOptions.SectionName);
        // preserveStaticLogger: each host logs through its own logger. Otherwise every host writes through
        // the static Log.Logger, which the latest host replaces and the first to stop silences.
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();
            var json = string.Equals(builder.Configuration[$"{LogsOptions.SectionName}:Format"], "Json", StringComparison.OrdinalIgnoreCase);
            if (json)
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        return builder;
    }

    /// <summary>One line per HTTP request; probes, metrics scrapes and static files only at Debug.</summary>
    public static WebApplication UseChatRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger: left unset, the middleware would write through the static one.
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = (context, _, error) =>
                error is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
                : IsRoutine(context.Request.Path) ? LogEventLevel.Debug
                : LogEventLevel.Information;
        });
        return app;
    }

    private static bool IsRoutine(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics")
        || Path.HasExtension(path.Value);
}
