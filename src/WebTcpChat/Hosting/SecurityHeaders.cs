using System.Buffers;

namespace WebTcpChat.Hosting;

/// <summary>
/// Headers that make the page safe by default: scripts and styles only from this origin (no inline
/// script, so injected markup could never run even if it slipped past the page's text-only
/// rendering), no framing, no MIME sniffing, no referrer leaking to links that users post.
/// </summary>
internal static class SecurityHeaders
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; " +
        "connect-src 'self'";

    // Letters, digits and what IPv4, IPv6 and ports need: nothing that could end a CSP directive.
    private static readonly SearchValues<char> HostChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-[]:");

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(context.Request.Host);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return next(context);
        });

    // 'self' covers the hub's WebSocket in CSP 3 browsers; older ones need ws:/wss: to this host named.
    internal static string ContentSecurityPolicy(HostString host) =>
        host.HasValue && !host.Value.AsSpan().ContainsAnyExcept(HostChars)
            ? $"{Policy} ws://{host.Value} wss://{host.Value}"
            : Policy;
}
