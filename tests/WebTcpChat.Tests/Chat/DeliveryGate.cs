using Microsoft.Extensions.DependencyInjection;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Chat;

/// <summary>
/// Stands between a node's log and its fan-out and can hold deliveries back, so that a test can put
/// events in the log in a chosen order while a session changes, without racing the fan-out. The log
/// keeps taking and ordering events meanwhile. Pass <see cref="Install"/> as a server's services.
/// </summary>
internal sealed class DeliveryGate : IDisposable
{
    private readonly ManualResetEventSlim _open = new(initialState: true);

    /// <summary>Deliveries from now on wait until <see cref="Release"/>.</summary>
    public void Hold() => _open.Reset();

    public void Release() => _open.Set();

    public void Install(IServiceCollection services) =>
        services.AddSingleton<IMessageSink>(provider => new GatedSink(this, provider.GetRequiredService<ChatDispatcher>()));

    public void Dispose() => _open.Dispose();

    private sealed class GatedSink(DeliveryGate gate, IMessageSink inner) : IMessageSink
    {
        public void Deliver(IReadOnlyList<ChatMessage> batch)
        {
            // Deliver is synchronous, so the log's loop blocks here; bounded, so a failed test still shuts down.
            gate._open.Wait(Timeouts.Event);
            inner.Deliver(batch);
        }
    }
}
