using System.Collections.Frozen;
using System.Text;
using System.Text.Json;

namespace WebTcpChat.Chat.Nicknames;

/// <summary>
/// The confusable skeleton of Unicode's UTS #39: strings that look alike (Latin "admin", Cyrillic
/// "аdmin", "adrnin") have the same skeleton. Only for comparing; never shown. The table is Unicode's
/// confusables.txt, embedded at build time from the npm package pinned in the root package.json.
/// </summary>
internal static class Confusables
{
    private const string ResourceName = "WebTcpChat.Confusables.json";

    // Code point -> its prototype (one or more characters).
    private static readonly FrozenDictionary<int, string> Prototypes = Load();

    /// <summary>How many characters the table maps; thousands when the data is in place.</summary>
    public static int Count => Prototypes.Count;

    /// <summary>skeleton(X) = NFD(map every character of NFD(X) to its prototype).</summary>
    public static string Skeleton(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var mapped = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Prototypes.TryGetValue(rune.Value, out var prototype))
            {
                mapped.Append(prototype);
            }
            else
            {
                mapped.Append(rune.ToString());
            }
        }

        return mapped.ToString().Normalize(NormalizationForm.FormD);
    }

    private static FrozenDictionary<int, string> Load()
    {
        using var stream = typeof(Confusables).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing: the build did not install the Unicode data.");
        var table = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is empty.");

        var prototypes = new Dictionary<int, string>(table.Count);
        foreach (var (source, prototype) in table)
        {
            // Each source is one code point; anything else is not part of the mapping table.
            if (Rune.DecodeFromUtf16(source, out var rune, out var length) == System.Buffers.OperationStatus.Done && length == source.Length)
            {
                prototypes[rune.Value] = prototype;
            }
        }

        return prototypes.ToFrozenDictionary();
    }
}
