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

    [Fact]
    public async Task APrivateMessageIsForWhoeverHadItsRecipientsNameAtItsPlaceInTheBatch()
    {
        // The rename took effect in bob's session before this batch (to claim the new name); in the log
        // it sits between two messages to "bob": the first is his, the second reaches no one.
        var dispatcher = NewDispatcher();
        var bob = new FakeSession(echoes: true);
        var alice = new FakeSession(echoes: true);
        dispatcher.Attach(bob, "#lobby", "#lobby", 0);
        dispatcher.Attach(alice, "#lobby", "#lobby", 0);
        dispatcher.Deliver([Event(1, bob, "bob", MessageKind.Join, "", room: "#lobby"), Event(2, alice, "alice", MessageKind.Join, "", room: "#lobby")]);
        await Drain(bob);
        await Drain(alice);
        bob.Nick = "rob";

        dispatcher.Deliver([
            Event(3, alice, "alice", MessageKind.Private, "before", to: "bob"),
            Event(4, bob, "bob", MessageKind.Nick, "rob", room: "#lobby"),
            Event(5, alice, "alice", MessageKind.Private, "after", to: "bob"),
            Event(6, alice, "alice", MessageKind.Private, "to the new name", to: "rob"),
        ]);

        Assert.Equal(["before", "rob", "to the new name"], (await Drain(bob)).Select(m => m.Text));
        var errors = new List<string>();
        Assert.Equal(["before", "rob", "to the new name"], (await Drain(alice, errors)).Select(m => m.Text));
        Assert.Equal(["No one called bob is online."], errors);
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

    private static ChatMessage Event(long id, ChatSession author, string nick, MessageKind kind, string text, string? room = null, string? to = null) => new()
    {
        Id = id,
        Nick = nick,
        Kind = kind,
        Source = author.Source,
        Text = text,
        Room = room,
        To = to,
        OriginSessionId = author.Id,
    };

    // Every message queued so far, as the session's writer would send it; errors go to `errors`.
    private static async Task<List<ChatMessage>> Drain(FakeSession session, List<string>? errors = null)
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
            else if (item.Kind == OutboundKind.Error)
            {
                errors?.Add(item.Text!);
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
