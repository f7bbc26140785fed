using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace WebTcpChat.Chat.Nicknames;

/// <summary>What makes a nickname valid, and when two nicknames count as the same.</summary>
internal static class NickRules
{
    public const int MaxLength = 32;

    // Names a user could use to pass as the server or its staff, compared by key so no lookalike gets through.
    private static readonly FrozenSet<string> Reserved = new[]
    {
        "system", "server", "admin", "administrator", "root", "operator", "moderator", "webtcpchat",
        "nickserv", "chanserv", "console", "everyone", "anonymous",
    }.Select(Key).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Returns why <paramref name="nick"/> cannot be used, or null when it can.</summary>
    public static string? Validate(string nick)
    {
        if (string.IsNullOrEmpty(nick))
        {
            return "A nickname needs 1 to 32 characters.";
        }

        var length = 0;
        foreach (var rune in nick.EnumerateRunes())
        {
            length++;
            if (Rune.IsWhiteSpace(rune))
            {
                return "A nickname cannot contain spaces.";
            }

            if (IsInvisibleOrControl(rune))
            {
                return "A nickname cannot contain control or invisible characters.";
            }
        }

        if (length > MaxLength)
        {
            return $"A nickname can have at most {MaxLength} characters.";
        }

        if (nick[0] is '#' or '/' or '@')
        {
            return "A nickname cannot start with '#', '/' or '@'.";
        }

        return Reserved.Contains(Key(nick)) ? $"The nickname {nick} is reserved." : null;
    }

    /// <summary>
    /// The form nicknames are compared in, so that "Bob", "BOB", the full-width "Ｂｏｂ", "B0b", "Воb"
    /// with Cyrillic letters and "Ian"/"lan" are one name: NFKC, then upper case (every case variant
    /// alike), the UTS #39 confusable skeleton (capitals that look alike), lower case, and the skeleton
    /// again (small letters that look alike: Cyrillic "а", "rn" for "m").
    /// </summary>
    public static string Key(string nick)
    {
        var upper = nick.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        return Confusables.Skeleton(Confusables.Skeleton(upper).ToLowerInvariant()).ToLowerInvariant();
    }

    private static bool IsInvisibleOrControl(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.Control
        or UnicodeCategory.Format // bidi overrides, zero-width joiners and spaces
        or UnicodeCategory.Surrogate
        or UnicodeCategory.PrivateUse
        or UnicodeCategory.OtherNotAssigned
        or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator;
}
