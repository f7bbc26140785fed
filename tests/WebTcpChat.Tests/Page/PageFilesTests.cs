using System.Text.RegularExpressions;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Page;

/// <summary>What the page's source must never contain, checked on the files themselves.</summary>
public sealed partial class PageFilesTests
{
    private static readonly string WebRoot = Path.Combine(RepositoryPaths.Root, "wwwroot");

    [Fact]
    public void IndexHtmlHasNoInlineScriptStyleOrEventHandler()
    {
        var html = File.ReadAllText(Path.Combine(WebRoot, "index.html"));

        foreach (Match script in ScriptTag().Matches(html))
        {
            Assert.Contains(" src=", script.Value, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(EventHandlerAttribute(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ThePagesScriptsNeverParseTextAsHtmlOrCode()
    {
        var scripts = Directory.GetFiles(Path.Combine(WebRoot, "js"), "*.js");
        Assert.NotEmpty(scripts);

        foreach (var file in scripts)
        {
            var source = File.ReadAllText(file);
            foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "createContextualFragment" })
            {
                Assert.False(source.Contains(sink, StringComparison.Ordinal), $"{Path.GetFileName(file)} uses {sink}.");
            }
        }
    }

    [Fact]
    public void TheSignalRClientIsAnNpmDependency_NotACommittedCopy()
    {
        var root = RepositoryPaths.Root;
        var manifest = File.ReadAllText(Path.Combine(root, "package.json"));
        var gitignore = File.ReadAllLines(Path.Combine(root, ".gitignore"));

        Assert.Matches(PinnedSignalR(), manifest);
        Assert.True(File.Exists(Path.Combine(root, "package-lock.json")));
        Assert.Contains("/wwwroot/lib/", gitignore);
    }

    [GeneratedRegex(@"<script\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex("\"@microsoft/signalr\":\\s*\"\\d+\\.\\d+\\.\\d+\"")]
    private static partial Regex PinnedSignalR();
}
