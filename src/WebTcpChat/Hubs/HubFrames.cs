using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using WebTcpChat.Chat;

namespace WebTcpChat.Hubs;

/// <summary>
/// The client invocations that go to many browsers, each built once and serialised once per protocol
/// (SignalR's <see cref="SerializedHubMessage"/> keeps the bytes): fan-out to N browsers then costs N
/// copies of the same bytes, not N invocations, argument arrays and JSON writes. The bytes are what
/// the typed client would have sent: same method names, same serialiser and options.
/// </summary>
internal static class HubFrames
{
    /// <summary>The <c>Message</c> invocation of this chat event, shared by every browser.</summary>
    public static SerializedHubMessage Message(ChatMessage message)
    {
        if (message.HubFrame is SerializedHubMessage frame)
        {
            return frame;
        }

        // Two writers may race to make it; both make the same bytes.
        frame = new SerializedHubMessage(new InvocationMessage(nameof(IChatClient.Message), [message]));
        message.HubFrame = frame;
        return frame;
    }

    /// <summary>The <c>Users</c> invocation of a user list, shared by every browser that sends this version of the list.</summary>
    public static SerializedHubMessage Users(SharedUserList users) =>
        users.HubFrame ??= new SerializedHubMessage(new InvocationMessage(nameof(IChatClient.Users), [users]));
}
