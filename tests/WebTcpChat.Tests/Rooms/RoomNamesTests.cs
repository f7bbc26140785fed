using WebTcpChat.Chat.Rooms;

namespace WebTcpChat.Tests.Rooms;

public sealed class RoomNamesTests
{
    [Theory]
    [InlineData("#lobby")]
    [InlineData("#한국어방")]
    [InlineData("#rust-lang_2")]
    [InlineData("#a")]
    [InlineData("#abcdefghijklmnopqrstuvwxyz012345")]
    public void AcceptsLettersOfAnyScriptDigitsDashAndUnderscore(string name) => Assert.Null(RoomNames.Validate(name));

    [Theory]
    [InlineData("lobby")]
    [InlineData("#")]
    [InlineData("#two words")]
    [InlineData("#dots.are.not")]
    [InlineData("#abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("##double")]
    [InlineData("#evil\u202E")]
    public void RefusesAnythingElseWithAReason(string name) => Assert.NotNull(RoomNames.Validate(name));

    [Fact]
    public void NamesCompareCaseInsensitively() => Assert.Equal(RoomNames.Key("#Rust"), RoomNames.Key("#rUST"));
}
