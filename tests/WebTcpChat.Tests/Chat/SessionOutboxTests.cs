using WebTcpChat.Chat;

namespace WebTcpChat.Tests.Chat;

public sealed class SessionOutboxTests
{
    [Fact]
    public async Task QueuedItemsComeOutInOrder()
    {
        var outbox = new SessionOutbox(0, _ => { });
        outbox.TryEnqueue(OutboundItem.ForNotice("one"));
        outbox.TryEnqueue(OutboundItem.ForNotice("two"));

        Assert.True(await outbox.WaitAsync(CancellationToken.None));
        var items = outbox.TakeAll([], out _);

        Assert.Equal(["one", "two"], items.Select(item => item.Text));
    }

    [Fact]
    public async Task AWaitingWriterWakesWhenSomethingIsQueued()
    {
        var outbox = new SessionOutbox(0, _ => { });
        var wait = outbox.WaitAsync(CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);

        outbox.TryEnqueue(OutboundItem.ForNotice("hello"));

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task PastItsBoundTheQueueIsDroppedAndTheOwnerToldOnce()
    {
        var overflows = new List<long>();
        var outbox = new SessionOutbox(200, overflows.Add);

        Assert.True(outbox.TryEnqueue(OutboundItem.ForNotice(new string('a', 30))));
        Assert.False(outbox.TryEnqueue(OutboundItem.ForNotice(new string('b', 60))));
        Assert.False(outbox.TryEnqueue(OutboundItem.ForNotice("c")));

        Assert.Single(overflows);
        Assert.True(outbox.Overflowed);
        Assert.False(await outbox.WaitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FlushedBytesNoLongerCountAgainstTheBound()
    {
        var outbox = new SessionOutbox(200, _ => { });
        var item = OutboundItem.ForNotice(new string('a', 30));
        Assert.True(outbox.TryEnqueue(item));
        Assert.True(await outbox.WaitAsync(CancellationToken.None));
        outbox.TakeAll([], out _);

        outbox.Release(item.Bytes);

        Assert.True(outbox.TryEnqueue(OutboundItem.ForNotice(new string('b', 30))));
    }

    [Fact]
    public async Task ACompletedQueueDrainsThenReportsTheEnd()
    {
        var outbox = new SessionOutbox(0, _ => { });
        outbox.TryEnqueue(OutboundItem.ForNotice("last words"));
        outbox.Complete();

        Assert.False(outbox.TryEnqueue(OutboundItem.ForNotice("too late")));
        Assert.True(await outbox.WaitAsync(CancellationToken.None));
        Assert.Single(outbox.TakeAll([], out _));
        Assert.False(await outbox.WaitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task UserListRequestsCollapseIntoOne()
    {
        var outbox = new SessionOutbox(0, _ => { });
        outbox.RequestUsers();
        outbox.RequestUsers();

        Assert.True(await outbox.WaitAsync(CancellationToken.None));
        outbox.TakeAll([], out var requested);
        Assert.True(requested);
        outbox.TakeAll([], out requested);
        Assert.False(requested);
    }

    [Fact]
    public async Task TheWriterCanWaitAgainAndAgain()
    {
        var outbox = new SessionOutbox(0, _ => { });
        for (var round = 0; round < 3; round++)
        {
            var wait = outbox.WaitAsync(CancellationToken.None);
            Assert.False(wait.IsCompleted);

            outbox.TryEnqueue(OutboundItem.ForNotice($"round {round}"));

            Assert.True(await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal([$"round {round}"], outbox.TakeAll([], out _).Select(item => item.Text));
        }
    }

    [Fact]
    public async Task AWaitingWriterCanBeCancelled()
    {
        var outbox = new SessionOutbox(0, _ => { });
        using var stop = new CancellationTokenSource();
        var wait = outbox.WaitAsync(stop.Token).AsTask();

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task CompletingWakesAWaitingWriterWithTheEnd()
    {
        var outbox = new SessionOutbox(0, _ => { });
        var wait = outbox.WaitAsync(CancellationToken.None).AsTask();

        outbox.Complete();

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
