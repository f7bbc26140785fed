using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WebTcpChat.Chat;
using WebTcpChat.Observability;

namespace WebTcpChat.Tests.Chat;

public sealed class FloodGateTests
{
    [Fact]
    public async Task ALineOverTheBucketWaitsUntilItsTokenHasComeBack()
    {
        var time = new FakeTimeProvider();
        var gate = Gate(time, burst: 2, perSecond: 1);
        var session = new TestSession();

        Assert.True(await gate.AdmitAsync(session, CancellationToken.None));
        Assert.True(await gate.AdmitAsync(session, CancellationToken.None));
        var third = gate.AdmitAsync(session, CancellationToken.None).AsTask();

        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await third.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task ZeroTurnsFloodControlOff()
    {
        var gate = Gate(new FakeTimeProvider(), burst: 2, perSecond: 0);
        var session = new TestSession();
        for (var i = 0; i < 1_000; i++)
        {
            var admission = gate.AdmitAsync(session, CancellationToken.None).AsTask();
            Assert.True(admission.IsCompletedSuccessfully);
            Assert.True(await admission);
        }
    }

    [Fact]
    public async Task SustainedExcessIsRefused()
    {
        var time = new FakeTimeProvider();
        var gate = Gate(time, burst: 2, perSecond: 1);
        var session = new TestSession();
        var admitted = 0;
        for (var i = 0; i < 10; i++)
        {
            // The next line comes as soon as the last was let through, as from a TCP client that is not read meanwhile.
            var admission = gate.AdmitAsync(session, CancellationToken.None).AsTask();
            if (!admission.IsCompleted)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }

            if (!await admission.WaitAsync(TimeSpan.FromSeconds(15)))
            {
                break;
            }

            admitted++;
        }

        // The burst, then a burst's worth of delayed lines, then "Excess Flood".
        Assert.Equal(4, admitted);
    }

    private static FloodGate Gate(TimeProvider time, int burst, double perSecond) =>
        new(new StaticOptions(new LimitsOptions { FloodBurst = burst, FloodLinesPerSecond = perSecond }), time, Metrics(), NullLogger<FloodGate>.Instance);

    private static ChatMetrics Metrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private sealed class StaticOptions(LimitsOptions value) : IOptionsMonitor<LimitsOptions>
    {
        public LimitsOptions CurrentValue => value;

        public LimitsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<LimitsOptions, string?> listener) => null;
    }

    private sealed class TestSession() : ChatSession(ChatSource.Web, null, 0)
    {
        public override bool EchoesOwnLines => true;

        public override bool WantsUserList => false;

        protected override void Abort(string reason)
        {
        }
    }
}
