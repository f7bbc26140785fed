using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.BrowserTests.Browser;

/// <summary>Where tests leave files for people to look at: the repository's git-ignored artifacts/ folder.</summary>
internal static class Artifacts
{
    public static string PathFor(string fileName)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "browser-tests");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }
}
