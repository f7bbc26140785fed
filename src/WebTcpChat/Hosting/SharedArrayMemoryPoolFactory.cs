using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace WebTcpChat.Hosting;

/// <summary>
/// Gives Kestrel's connections the shared array pool instead of its pinned block pool.
/// </summary>
/// <remarks>
/// A connect storm fans out millions of join lines, and every connection that falls behind holds a few
/// 4 KiB send buffers. Kestrel's pool keeps each block it ever allocated (on the pinned heap, which is
/// never compacted) and gives back about 1 % every 10 seconds under steady traffic: 140 MB stayed with
/// 6,000 idle users long after the storm. The shared array pool keeps a bounded number per core
/// (<see cref="RuntimeTuning"/>) and leaves the rest to the GC, so the heap shrinks once the storm has
/// passed. On Linux sockets do not need pinned buffers: the runtime pins a buffer only for the
/// duration of each send or receive call.
/// </remarks>
internal sealed class SharedArrayMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => MemoryPool<byte>.Shared;
}

/// <summary>Registers <see cref="SharedArrayMemoryPoolFactory"/>; public for the test host, which registers Kestrel again.</summary>
public static class SharedTransportMemoryExtensions
{
    /// <summary>
    /// Kestrel's socket transport takes the last <see cref="IMemoryPoolFactory{T}"/> registered, so this
    /// goes after Kestrel's own registration (<c>WebApplication.CreateBuilder</c> makes that first).
    /// </summary>
    public static IServiceCollection AddSharedTransportMemory(this IServiceCollection services) =>
        services.AddSingleton<IMemoryPoolFactory<byte>, SharedArrayMemoryPoolFactory>();
}
