using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;
using WebTcpChat.Observability;

namespace WebTcpChat.Tests.Chat;

public sealed class ChatDispatcherTests
{
    [Fact]
    public async Task AFanOutBatchReachesEverySessionInOrderAndATerminalAuthorIsNotEchoed()
    {
        var dispatcher = NewDispatcher();
        var terminal = new FakeSession(echoes: false);
        var browser = new FakeSession(echoes: true);
        dispatcher.Attach(terminal, "#lobby", "#lobby", 0);
        dispatcher.Attach(browser, "#lobby", "#lobby", 0);
        await Drain(terminal);
        await Drain(browser);

        dispatcher.Deliver([Text(1, terminal, "one"), Text(2, browser, "two"), Text(3, terminal, "three")]);

        Assert.Equal(["two"], (await Drain(terminal)).Select(m => m.Text));
        Assert.Equal(["one", "two", "three"], (await Drain(browser)).Select(m => m.Text));
    }

    [Fact]
    public async Task ASessionIsChargedOnlyForTheMessagesItReceives()
    {
        var dispatcher = NewDispatcher();
        var terminal = new FakeSession(echoes: false);
        dispatcher.Attach(terminal, "#lobby", "#lobby", 0);
        await Drain(terminal);
        var own = Text(1, terminal, "mine");
        var other = Text(2, new FakeSession(echoes: false), "theirs");

        dispatcher.Deliver([own, other]);

        Assert.Equal(other.EstimatedBytes, terminal.Outbox.QueuedBytes);
    }

    [Fact]
    public async Task ABatchOfOnlyASessionsOwnLinesQueuesNothingForIt()
    {
        var dispatcher = NewDispatcher();
        var terminal = new FakeSession(echoes: false);
        dispatcher.Attach(terminal, "#lobby", "#lobby", 0);
        await Drain(terminal);

        dispatcher.Deliver([Text(1, terminal, "mine")]);

        Assert.Equal(0, terminal.Outbox.QueuedBytes);
        Assert.Empty(terminal.Outbox.TakeAll([], out _));
    }

    [Fact]
    public async Task ATerminalThatLeftARoomStillGetsItsOtherRooms_EvenBesideItsOwnLineToTheRoomItLeft()
    {
        // "hi" was sent to #x just before its author parted #x: a batch of it and one line in the lobby
        // holds exactly one line for the author, which must not be netted out against its own line.
        var dispatcher = NewDispatcher();
        var terminal = new FakeSession(echoes: false);
        dispatcher.Attach(terminal, "#lobby", "#lobby", 0);
        await Drain(terminal);
        var other = new FakeSession(echoes: false);

        dispatcher.Deliver([Text(1, terminal, "hi", room: "#x"), Text(2, other, "in the lobby")]);

        Assert.Equal(["in the lobby"], (await Drain(terminal)).Select(m => m.Text));
    }

    private static ChatDispatcher NewDispatcher()
    {
        var options = Options.Create(new ChatOptions { RecentMessages = 10 });
        return new(new Presence(options), new RecentHistory(options), new ChatMetrics(new TestMeterFactory()));
    }

    private static ChatMessage Text(long id, ChatSession author, string text, string room = "#lobby") => new()
    {
        Id = id,
        Nick = $"user{author.Id}",
        Kind = MessageKind.Text,
        Source = author.Source,
        Text = text,
        Room = room,
        OriginSessionId = author.Id,
    };

    // Everything queued so far, as the session's writer would send it.
    private static async Task<List<ChatMessage>> Drain(FakeSession session)
    {
        var received = new List<ChatMessage>();
        if (session.Outbox.QueuedBytes == 0)
        {
            return received;
        }

        Assert.True(await session.Outbox.WaitAsync(CancellationToken.None));
        foreach (var item in session.Outbox.TakeAll([], out _))
        {
            session.Outbox.Release(item.Bytes);
            if (item.Kind == OutboundKind.Messages)
            {
                received.AddRange(item.Batch!.Where(message => session.ShouldReceive(message, item.Membership!)));
            }
        }

        return received;
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }

    private sealed class FakeSession(bool echoes) : ChatSession(echoes ? ChatSource.Web : ChatSource.Tcp, IPAddress.Loopback, 0)
    {
        public override bool EchoesOwnLines => echoes;

        public override bool WantsUserList => false;

        protected override void Abort(string reason)
        {
        }
    }
}
