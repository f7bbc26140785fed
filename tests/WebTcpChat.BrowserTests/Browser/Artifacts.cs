namespace WebTcpChat.BrowserTests.Browser;

/// <summary>Where tests leave files for people to look at: the repository's git-ignored artifacts/ folder.</summary>
internal static class Artifacts
{
    public static string PathFor(string fileName)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "browser-tests");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WebTcpChat.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (with WebTcpChat.sln) was not found above the test binaries.");
    }
}
