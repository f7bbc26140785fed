using System.Net;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>What a load balancer would ask a node.</summary>
internal static class Probes
{
    public static async Task<HttpStatusCode> ReadinessAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        return response.StatusCode;
    }
}
