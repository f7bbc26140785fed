using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// What the Dockerfile's final stage says about running the app: its environment, ports, working
/// directory, entry point and health check. Read from the file itself, so the test that runs the
/// publish output the same way cannot drift from it.
/// </summary>
public sealed partial class DockerfileSpec
{
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public List<int> ExposedPorts { get; } = [];

    public string WorkingDirectory { get; private set; } = "/";

    public List<string> EntryPoint { get; } = [];

    public List<string> HealthCheck { get; } = [];

    /// <summary>The runtime image's own environment, which the Dockerfile inherits.</summary>
    public static IReadOnlyDictionary<string, string> AspNetImageEnvironment { get; } = new Dictionary<string, string>
    {
        ["ASPNETCORE_HTTP_PORTS"] = "8080",
        ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
    };

    public static DockerfileSpec Read(string path)
    {
        var spec = new DockerfileSpec();
        var instructions = JoinContinuations(File.ReadAllLines(path));
        var finalStage = instructions.FindLastIndex(line => line.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));
        foreach (var instruction in instructions.Skip(finalStage))
        {
            var space = instruction.IndexOf(' ', StringComparison.Ordinal);
            var keyword = instruction[..space].ToUpperInvariant();
            var rest = instruction[(space + 1)..].Trim();
            switch (keyword)
            {
                case "ENV":
                    foreach (Match pair in EnvPair().Matches(rest))
                    {
                        spec.Environment[pair.Groups[1].Value] = pair.Groups[2].Value.Trim('"');
                    }

                    break;
                case "EXPOSE":
                    spec.ExposedPorts.AddRange(rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)));
                    break;
                case "WORKDIR":
                    spec.WorkingDirectory = rest;
                    break;
                case "ENTRYPOINT":
                    spec.EntryPoint.AddRange(JsonSerializer.Deserialize<string[]>(rest)!);
                    break;
                case "HEALTHCHECK":
                    spec.HealthCheck.AddRange(JsonSerializer.Deserialize<string[]>(rest[(rest.IndexOf("CMD ", StringComparison.Ordinal) + 4)..])!);
                    break;
            }
        }

        return spec;
    }

    private static List<string> JoinContinuations(string[] lines)
    {
        var joined = new List<string>();
        var current = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (current.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            joined.Add(current + line);
            current = "";
        }

        return joined;
    }

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(""[^""]*""|\S*)")]
    private static partial Regex EnvPair();
}
