using WebTcpChat.Chat.Nicknames;

namespace WebTcpChat.Tests.Chat;

public sealed class NickRulesTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("김철수")]
    [InlineData("guest-1234")]
    [InlineData("a")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void AcceptsOrdinaryNames(string nick) => Assert.Null(NickRules.Validate(nick));

    [Theory]
    [InlineData("", "1 to 32")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "at most 32")]
    [InlineData("two words", "spaces")]
    [InlineData("tab\there", "spaces")]
    [InlineData("evil\u202Eoverride", "invisible")]
    [InlineData("zero\u200Bwidth", "invisible")]
    [InlineData("bell\u0007", "control")]
    [InlineData("system", "reserved")]
    [InlineData("SERVER", "reserved")]
    [InlineData("#room", "start with")]
    [InlineData("/cmd", "start with")]
    public void RefusesWithAReason(string nick, string reason) =>
        Assert.Contains(reason, NickRules.Validate(nick), StringComparison.Ordinal);

    [Theory]
    [InlineData("Bob", "bob")]
    [InlineData("BOB", "bOb")]
    [InlineData("Ｂｏｂ", "bob")]
    public void ComparesCaseInsensitivelyAfterNormalising(string a, string b) =>
        Assert.Equal(NickRules.Key(a), NickRules.Key(b));

    [Fact]
    public void ReservedNamesCannotBeDodgedWithCaseOrWidth() =>
        Assert.NotNull(NickRules.Validate("Ｓｙｓｔｅｍ"));
}
