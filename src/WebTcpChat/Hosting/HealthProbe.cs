namespace WebTcpChat.Hosting;

/// <summary>
/// <c>dotnet WebTcpChat.dll healthcheck</c>: asks the running gateway's <c>/readyz</c> and exits 0 when
/// ready. The container's HEALTHCHECK uses it, because the runtime image has no curl or wget.
/// </summary>
internal static class HealthProbe
{
    private const string Command = "healthcheck";

    public static bool IsRequested(string[] args) => args is [Command, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(ContentRootLocator.Locate() ?? Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var target = args.Length > 1 ? new Uri(args[1]) : ReadinessUri(configuration[$"Kestrel:Endpoints:{EndpointNames.Http}:Url"]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(target).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }

    // The endpoint's URL may name a wildcard host (http://+:5000); the probe runs beside the server.
    private static Uri ReadinessUri(string? endpointUrl)
    {
        var url = endpointUrl ?? "http://localhost:5000";
        var hostStart = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var portStart = url.LastIndexOf(':');
        var host = url[hostStart..portStart];
        if (host is "+" or "*" or "0.0.0.0" or "[::]")
        {
            url = string.Concat(url.AsSpan(0, hostStart), "127.0.0.1", url.AsSpan(portStart));
        }

        return new Uri(new Uri(url.TrimEnd('/') + "/"), "readyz");
    }
}
