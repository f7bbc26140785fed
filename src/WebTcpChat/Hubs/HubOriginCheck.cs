using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using WebTcpChat.Chat;

namespace WebTcpChat.Hubs;

/// <summary>
/// Browsers let any page open a WebSocket to any server and send the user's cookies with it, so the
/// hub checks the page's <c>Origin</c>: its own origin and <c>Limits:AllowedOrigins</c> are let in,
/// others get 403. Applies to every request of the hub (negotiate and all transports). A request
/// with no <c>Origin</c> does not come from a page (bots, the .NET client) and is let in.
/// </summary>
internal static partial class HubOriginCheck
{
    public static TBuilder RequireAllowedOrigin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var next = endpoint.RequestDelegate
                ?? throw new InvalidOperationException($"The endpoint {endpoint.DisplayName} has no request delegate.");
            endpoint.RequestDelegate = context => IsAllowed(context) ? next(context) : RejectAsync(context);
        });
        return builder;
    }

    public static bool IsAllowed(HttpContext context)
    {
        var origin = context.Request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length == 0 || IsSameOrigin(origin, context.Request))
        {
            return true;
        }

        var allowed = context.RequestServices.GetRequiredService<IOptionsMonitor<LimitsOptions>>().CurrentValue.AllowedOrigins;
        return allowed.Exists(entry => entry == "*" || string.Equals(entry, origin, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var page)
        && Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var self)
        && string.Equals(page.Scheme, self.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(page.IdnHost, self.IdnHost, StringComparison.OrdinalIgnoreCase)
        && page.Port == self.Port;

    private static Task RejectAsync(HttpContext context)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HubOriginCheck).FullName!);
        LogRejected(logger, context.Request.Headers[HeaderNames.Origin].ToString(), context.Connection.RemoteIpAddress?.ToString());
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsync("This origin may not use the chat hub.", context.RequestAborted);
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Hub request from origin {Origin} ({RemoteAddress}) refused: not an allowed origin")]
    private static partial void LogRejected(ILogger logger, string origin, string? remoteAddress);
}
