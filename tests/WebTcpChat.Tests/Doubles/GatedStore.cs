using Microsoft.Extensions.DependencyInjection;
using WebTcpChat.Chat;
using WebTcpChat.Storage;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Doubles;

/// <summary>
/// The real SQLite store with taps, for the races the real store alone cannot make deterministic: a
/// batch can be held once it is written (it is in the store but not yet delivered), and a room's
/// history reads can be held or made to fail (as if the disk were gone).
/// </summary>
internal sealed class GatedStore : IMessageStore
{
    private IMessageStore? _inner;
    private volatile string? _failingRoom;

    /// <summary>Batches, after they are written and before the log delivers them.</summary>
    public Turnstile<IReadOnlyList<ChatMessage>> Writes { get; } = new();

    /// <summary>History reads, by room key, before they reach SQLite.</summary>
    public Turnstile<string> Reads { get; } = new();

    /// <summary>Makes this store the server's, in front of its SQLite store.</summary>
    public void ReplaceIn(IServiceCollection services) =>
        services.AddSingleton<IMessageStore>(sp =>
        {
            _inner = sp.GetRequiredService<SqliteMessageStore>();
            return this;
        });

    /// <summary>From now on the room's history cannot be read; other rooms' still can.</summary>
    public void FailReadsOf(string roomKey) => _failingRoom = roomKey;

    private IMessageStore Inner => _inner ?? throw new InvalidOperationException("Not in a server yet.");

    public Task<long> InitializeAsync(CancellationToken cancellationToken) => Inner.InitializeAsync(cancellationToken);

    public async Task AppendAsync(IReadOnlyList<ChatMessage> batch, CancellationToken cancellationToken)
    {
        await Inner.AppendAsync(batch, cancellationToken);
        await Writes.PassAsync(batch);
    }

    public async Task<IReadOnlyList<ChatMessage>> BeforeAsync(string roomKey, long beforeId, int limit, CancellationToken cancellationToken)
    {
        await ReadAsync(roomKey);
        return await Inner.BeforeAsync(roomKey, beforeId, limit, cancellationToken);
    }

    public async Task<IReadOnlyList<ChatMessage>> AfterAsync(string roomKey, long afterId, int limit, CancellationToken cancellationToken)
    {
        await ReadAsync(roomKey);
        return await Inner.AfterAsync(roomKey, afterId, limit, cancellationToken);
    }

    public Task<int> PruneAsync(DateTime? olderThan, long? keep, CancellationToken cancellationToken) =>
        Inner.PruneAsync(olderThan, keep, cancellationToken);

    public Task CheckAsync(CancellationToken cancellationToken) => Inner.CheckAsync(cancellationToken);

    private async Task ReadAsync(string roomKey)
    {
        await Reads.PassAsync(roomKey);
        if (_failingRoom == roomKey)
        {
            throw new IOException($"The history of {roomKey} cannot be read (test).");
        }
    }
}
