using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Deployment;

/// <summary>
/// There is no Docker engine on these machines, so the image cannot be built here. Instead the
/// Dockerfile's own build commands produce the publish output, which then runs with exactly the
/// environment, working directory, entry point and ports the Dockerfile gives the container.
/// </summary>
public sealed partial class ContainerRecipeTests
{
    private const string ContainerAppFolder = "/app";

    [Fact]
    public async Task ThePublishOutputRunsAsTheDockerfileSays_BothEndpointsAnswer_AndTheHealthCheckPasses()
    {
        var spec = DockerfileSpec.Read(RepositoryPaths.Dockerfile);
        Assert.Equal(ContainerAppFolder, spec.WorkingDirectory);
        var httpPort = PortOf(spec.Environment["Kestrel__Endpoints__Http__Url"]);
        var tcpPort = PortOf(spec.Environment["Kestrel__Endpoints__Tcp__Url"]);
        Assert.Contains(httpPort, spec.ExposedPorts);
        Assert.Contains(tcpPort, spec.ExposedPorts);
        Assert.Equal(8080, tcpPort); // the tutorial's port stays the chat's, whatever the image sets

        var app = Directory.CreateTempSubdirectory("webtcpchat-container-").FullName;
        try
        {
            await RunBuildStageAsync(app);
            Assert.True(File.Exists(Path.Combine(app, "appsettings.json")));
            Assert.True(File.Exists(Path.Combine(app, "wwwroot", "index.html")));

            var environment = new Dictionary<string, string>(DockerfileSpec.AspNetImageEnvironment);
            foreach (var (key, value) in spec.Environment)
            {
                environment[key] = value;
            }

            using var ports = await MachineWideLock.AcquireAsync("webtcpchat-container-ports");
            Assert.Equal("dotnet", spec.EntryPoint[0]);
            await using var gateway = await GatewayProcess.StartAsync(
                Path.Combine(app, spec.EntryPoint[1]), environment, app, [.. spec.EntryPoint.Skip(2)], ephemeralPorts: false);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
            var page = await http.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

            await using (var tcp = await TcpChatClient.ConnectAsync(tcpPort))
            {
                await tcp.SendLineAsync("hello from the container recipe");
                await using var web = await WebChatClient.ConnectAsync(http.BaseAddress);
                Assert.Contains((await web.NextHistoryAsync()), m => m.Text == "hello from the container recipe");
            }

            Assert.Equal(0, await RunAsync(spec.HealthCheck[0], spec.HealthCheck.Skip(1), app, environment));
            Assert.True(File.Exists(Path.Combine(app, "data", "webtcpchat.db")), "The database belongs on the /app/data volume.");
            Assert.Equal(0, await gateway.StopAsync());
        }
        finally
        {
            Directory.Delete(app, recursive: true);
        }
    }

    // The build stage's dotnet commands, run from the repository root (its /src), with /app mapped.
    private static async Task RunBuildStageAsync(string app)
    {
        var commands = File.ReadAllLines(RepositoryPaths.Dockerfile)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("RUN dotnet ", StringComparison.Ordinal))
            .Select(line => line["RUN ".Length..].Replace(" " + ContainerAppFolder, " " + app, StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(commands);
        foreach (var command in commands)
        {
            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var exitCode = await RunAsync(words[0], words.Skip(1), RepositoryPaths.Root, new Dictionary<string, string>());
            Assert.True(exitCode == 0, $"`{command}` failed with exit code {exitCode}.");
        }
    }

    private static async Task<int> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output, errors);
        return process.ExitCode;
    }

    private static int PortOf(string url) => int.Parse(PortPattern().Match(url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex PortPattern();
}
