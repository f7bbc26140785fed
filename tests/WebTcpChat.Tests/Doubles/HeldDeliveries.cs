using Microsoft.Extensions.DependencyInjection;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Doubles;

/// <summary>
/// The node's dispatcher behind a turnstile: a batch the log has read can be held before it reaches
/// the node's sessions, as when a node's reading of the shared log falls behind the other nodes.
/// </summary>
internal sealed class HeldDeliveries : IMessageSink
{
    private ChatDispatcher? _dispatcher;

    /// <summary>Batches, after the log read them and before the dispatcher fans them out.</summary>
    public Turnstile<IReadOnlyList<ChatMessage>> Batches { get; } = new();

    /// <summary>Puts the turnstile in front of the server's dispatcher.</summary>
    public void ReplaceIn(IServiceCollection services) =>
        services.AddSingleton<IMessageSink>(sp =>
        {
            _dispatcher = sp.GetRequiredService<ChatDispatcher>();
            return this;
        });

    public void Deliver(IReadOnlyList<ChatMessage> batch)
    {
        // Blocks the log's reader, which is what falling behind is; delivery is synchronous by contract.
        Batches.PassAsync(batch).GetAwaiter().GetResult();
        (_dispatcher ?? throw new InvalidOperationException("Not in a server yet.")).Deliver(batch);
    }
}
