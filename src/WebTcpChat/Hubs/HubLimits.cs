using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;

namespace WebTcpChat.Hubs;

internal static class HubLimits
{
    // JSON may spend six bytes on one (\u0007), and the invocation around the text needs room too.
    private const int JsonBytesPerLineByte = 6;
    private const int InvocationOverheadBytes = 1024;

    /// <summary>
    /// SignalR's message size follows <c>Limits:MaxLineBytes</c>: any line within the limit fits, however
    /// JSON escapes it, so the chat can answer "line too long" itself; anything far bigger is refused by
    /// SignalR before it is buffered.
    /// </summary>
    public static IServiceCollection AddHubLimits(this IServiceCollection services)
    {
        services.AddOptions<HubOptions>().Configure<IOptions<LimitsOptions>>((hub, limits) =>
            hub.MaximumReceiveMessageSize = MaximumReceiveMessageSize(limits.Value.MaxLineBytes));
        return services;
    }

    public static long? MaximumReceiveMessageSize(int maxLineBytes) =>
        maxLineBytes > 0 ? ((long)maxLineBytes * JsonBytesPerLineByte) + InvocationOverheadBytes : null;
}
