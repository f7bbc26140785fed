using WebTcpChat.Text;

namespace WebTcpChat.Tests.Text;

public sealed class TextSanitizerTests
{
    [Theory]
    [InlineData("plain 한국어 text", "plain 한국어 text")]
    [InlineData("clear\u001B[2Jscreen", "clearscreen")]
    [InlineData("\u001B[1;31mred\u001B[0m", "red")]
    [InlineData("title\u001B]0;pwned\u0007 after", "title after")]
    [InlineData("clip\u001B]52;c;ZXZpbA==\u001B\\board", "clipboard")]
    [InlineData("unterminated\u001B]52;c;ZXZpbA==", "unterminated")]
    [InlineData("bell\u0007", "bell")]
    [InlineData("c1\u009B2Jcsi", "c1csi")]
    [InlineData("nul\0and\u007Fdel", "nulanddel")]
    [InlineData("tab\there", "tab here")]
    [InlineData("esc at end\u001B", "esc at end")]
    public void RemovesWhatATerminalWouldObey(string input, string expected) =>
        Assert.Equal(expected, TextSanitizer.Clean(input));

    [Fact]
    public void CleanTextIsReturnedAsIs()
    {
        var text = "nothing to do";

        Assert.Same(text, TextSanitizer.Clean(text));
    }
}
