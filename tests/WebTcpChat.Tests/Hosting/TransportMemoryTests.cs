using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using WebTcpChat.Hosting;

namespace WebTcpChat.Tests.Hosting;

public sealed class TransportMemoryTests
{
    [Fact]
    public async Task KestrelsSocketsBufferInTheSharedArrayPool_NotInAPinnedPoolThatKeepsEveryBlock()
    {
        // Built as Program builds it: Kestrel's services first, then the endpoints'. (The test host
        // registers Kestrel again after the app, so it cannot show this order.)
        var builder = WebApplication.CreateBuilder();
        builder.AddChatEndpoints();
        await using var app = builder.Build();

        // The socket transport takes its pool from this service when it binds (UseSockets).
        var pool = app.Services.GetRequiredService<IMemoryPoolFactory<byte>>().Create();

        Assert.Same(MemoryPool<byte>.Shared, pool);
    }
}
