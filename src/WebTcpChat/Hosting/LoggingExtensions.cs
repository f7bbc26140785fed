using Serilog;

namespace WebTcpChat.Hosting;

internal static class LoggingExtensions
{
    /// <summary>
    /// Serilog, configured from the <c>Serilog</c> section. Built per host from its own services, not
    /// from a static bootstrap logger, so several hosts (integration tests) can run side by side.
    /// </summary>
    public static WebApplicationBuilder AddChatLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());
        return builder;
    }
}
