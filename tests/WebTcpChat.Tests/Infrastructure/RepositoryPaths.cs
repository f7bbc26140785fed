namespace WebTcpChat.Tests.Infrastructure;

/// <summary>Where things are in the repository the tests were built from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Dockerfile => Path.Combine(Root, "Dockerfile");

    public static string Project => Path.Combine(Root, "src", "WebTcpChat", "WebTcpChat.csproj");

    private static string FindRoot()
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
