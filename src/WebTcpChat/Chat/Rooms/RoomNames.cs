using System.Globalization;
using System.Text;

namespace WebTcpChat.Chat.Rooms;

/// <summary>What makes a room name valid, and when two names are the same room.</summary>
internal static class RoomNames
{
    public const int MaxLength = 32;

    /// <summary>Returns why <paramref name="name"/> is not a room name, or null when it is.</summary>
    public static string? Validate(string name)
    {
        if (name.Length < 2 || name[0] != '#')
        {
            return $"A room name is # followed by 1 to {MaxLength} letters, digits, '-' or '_', like #lobby.";
        }

        var length = 0;
        foreach (var rune in name.AsSpan(1).EnumerateRunes())
        {
            length++;
            if (!(Rune.IsLetterOrDigit(rune) || rune.Value is '-' or '_' || IsCombiningMark(rune)))
            {
                return $"A room name may only hold letters, digits, '-' and '_' after the #: {name} does not.";
            }
        }

        return length > MaxLength ? $"A room name has at most {MaxLength} characters after the #." : null;
    }

    /// <summary>The form room names are compared in: NFKC-normalised and lower-cased.</summary>
    public static string Key(string name) => name.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    // Korean typed as jamo, Indic scripts and accented letters in decomposed form are letters too.
    private static bool IsCombiningMark(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
