using WebTcpChat.Chat.Nicknames;

namespace WebTcpChat.Tests.Chat;

/// <summary>Issue 4, case 8: nicknames that look alike are one nickname.</summary>
public sealed class ConfusableNickTests
{
    [Fact]
    public void TheUnicodeConfusablesTableIsInPlace() => Assert.InRange(Confusables.Count, 5_000, 20_000);

    [Theory]
    [InlineData("\u0430dmin", "admin")]          // Cyrillic а
    [InlineData("p\u0430yp\u0430l", "paypal")]   // Cyrillic а twice
    [InlineData("\u0391lice", "alice")]          // Greek capital alpha
    [InlineData("\u0412\u043Eb", "Bob")]        // Cyrillic В and о
    [InlineData("Ian", "lan")]                   // capital I and small L
    [InlineData("ａｌｉｃｅ", "alice")]              // full-width
    [InlineData("b0b", "bob")]                   // digit zero
    [InlineData("a1ice", "alice")]               // digit one
    [InlineData("rnallory", "mallory")]          // r n
    [InlineData("\U0001D41A\U0001D425\U0001D422\U0001D41C\U0001D41E", "alice")] // mathematical bold
    public void LookalikesHaveTheSameKey(string lookalike, string original)
    {
        Assert.Equal(NickRules.Key(original), NickRules.Key(lookalike));
    }

    [Theory]
    [InlineData("alice", "bob")]
    [InlineData("김철수", "김영희")]
    [InlineData("Ivan", "Iwan")]
    [InlineData("anna", "hanna")]
    public void DifferentNamesStayDifferent(string a, string b) => Assert.NotEqual(NickRules.Key(a), NickRules.Key(b));

    [Theory]
    [InlineData("\u0430dmin")]
    [InlineData("ADM\u0406N")] // Cyrillic І
    [InlineData("adrnin")]
    [InlineData("\u0455ystem")] // Cyrillic ѕ
    public void LookalikesOfReservedNamesAreReserved(string nick) =>
        Assert.Contains("reserved", NickRules.Validate(nick), StringComparison.Ordinal);

    [Theory]
    [InlineData("ali\u202Ece")] // right-to-left override
    [InlineData("ali\u2066ce")] // left-to-right isolate
    [InlineData("ali\u200Dce")] // zero-width joiner
    [InlineData("ali\u200Bce")] // zero-width space
    [InlineData("ali\uFEFFce")] // zero-width no-break space
    [InlineData("ali\u00ADce")] // soft hyphen
    public void BidiControlsAndZeroWidthCharactersAreRejected(string nick) =>
        Assert.Contains("invisible", NickRules.Validate(nick), StringComparison.Ordinal);
}
