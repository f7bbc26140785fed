namespace WebTcpChat.Hosting;

/// <summary>
/// Finds the folder holding <c>appsettings.json</c> and <c>wwwroot/</c>, however the app was started:
/// the publish output carries them beside the binaries; from source they live at the repository's
/// root, a few folders above the build output. So <c>dotnet run</c> from anywhere, the published
/// app and the integration tests all read the same files.
/// </summary>
internal static class ContentRootLocator
{
    private const string SettingsFile = "appsettings.json";
    private const string WebRoot = "wwwroot";

    /// <summary>The content root, or null to leave ASP.NET Core's default (ASPNETCORE_CONTENTROOT, if set, wins).</summary>
    public static string? Locate()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT")))
        {
            return null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SettingsFile)) && Directory.Exists(Path.Combine(dir.FullName, WebRoot)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
