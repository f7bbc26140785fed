using System.Globalization;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// The client from the Korean socket tutorial this project grew out of
/// (shared/seeds/000_695476c2751e2d3c.txt), taken from the seed file itself so that it stays
/// exactly as written there, with only the port substituted.
/// </summary>
internal static class TutorialClient
{
    private const string ClientHeader = "##################### Client #####################";
    private const string ServerHeader = "##################### Server #####################";

    public static string Script(int port)
    {
        var seed = File.ReadAllText(SeedPath());
        var start = seed.LastIndexOf(ClientHeader, StringComparison.Ordinal) + ClientHeader.Length;
        var end = seed.IndexOf(ServerHeader, start, StringComparison.Ordinal);
        var client = seed[start..end];
        return client.Replace("('127.0.0.1', 8080)", $"('127.0.0.1', {port.ToString(CultureInfo.InvariantCulture)})", StringComparison.Ordinal);
    }

    private static string SeedPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "seeds", "000_695476c2751e2d3c.txt");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("The tutorial seed (../shared/seeds/000_695476c2751e2d3c.txt) was not found beside the repository.");
    }
}
