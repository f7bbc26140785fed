using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;
using WebTcpChat.Hubs;

namespace WebTcpChat.Tests.Hubs;

public sealed class HubPayloadTests
{
    private static readonly ChatMessage Sample = new()
    {
        Id = 42,
        Time = new DateTime(2026, 11, 25, 13, 45, 2, 123, DateTimeKind.Utc),
        Nick = "민수",
        Source = ChatSource.Tcp,
        Kind = MessageKind.Text,
        Text = "안녕하세요 \"quoted\" <b>",
    };

    [Fact]
    public void AMessageSerialisedOnceForAllBrowsersLooksExactlyAsTheHubWouldWriteIt()
    {
        var cached = Protocol(new CachedChatMessageConverter());
        var message = Clone(Sample);

        var first = Write(cached, "Message", message);
        var again = Write(cached, "Message", message);

        Assert.Equal(Write(Protocol(), "Message", Clone(Sample)), first);
        Assert.Equal(first, again);
        Assert.Contains("\"time\":\"2026-11-25T13:45:02.123Z\"", first, StringComparison.Ordinal);
    }

    [Fact]
    public void HistoryOfCachedMessagesIsAPlainArrayOfMessages()
    {
        var cached = Protocol(new CachedChatMessageConverter());
        IReadOnlyList<ChatMessage> history = [Clone(Sample), Clone(Sample)];

        Assert.Equal(Write(Protocol(), "History", history), Write(cached, "History", history));
    }

    [Fact]
    public void ASharedUserListIsWrittenAsAPlainList()
    {
        UserInfo[] users = [new("alice", ChatSource.Web), new("밥", ChatSource.Tcp)];

        var shared = Write(Protocol(), "Users", SharedUserList.For(users));

        Assert.Equal(Write(Protocol(), "Users", users), shared);
        Assert.Same(SharedUserList.For(users), SharedUserList.For(users));
    }

    [Fact]
    public void AnEmptySharedUserListIsAnEmptyList()
    {
        UserInfo[] nobody = [];

        Assert.Equal(Write(Protocol(), "Users", nobody), Write(Protocol(), "Users", SharedUserList.For(nobody)));
    }

    private static JsonHubProtocol Protocol(params System.Text.Json.Serialization.JsonConverter[] converters)
    {
        var options = new JsonHubProtocolOptions();
        foreach (var converter in converters)
        {
            options.PayloadSerializerOptions.Converters.Add(converter);
        }

        return new JsonHubProtocol(Options.Create(options));
    }

    private static string Write(JsonHubProtocol protocol, string target, object argument) =>
        Encoding.UTF8.GetString(protocol.GetMessageBytes(new InvocationMessage(target, [argument])).Span);

    private static ChatMessage Clone(ChatMessage message) => new()
    {
        Id = message.Id,
        Time = message.Time,
        Nick = message.Nick,
        Source = message.Source,
        Kind = message.Kind,
        Text = message.Text,
    };
}
