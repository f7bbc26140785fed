using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebTcpChat.Chat;
using WebTcpChat.Storage;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.ScaleOut;

public sealed class RedisOutageTests
{
    [Fact]
    public async Task NodesRideOutARedisOutage_UsersAreTold_AndLinesSentMeanwhileArriveInOrderOnceItIsBack()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Redis:Prefix"] = $"t{Guid.NewGuid():N}:",
            ["Redis:HeartbeatSeconds"] = "1",
            ["Redis:NodeTimeoutSeconds"] = "3",
            ["Storage:CheckIntervalSeconds"] = "1",
        };
        await using var a = ChatServer.Start(settings);
        await using var b = ChatServer.Start(settings);
        await using var webB = await b.ConnectWebAsync();
        await using var tcpA = await a.ConnectTcpAsync();
        await webB.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == tcpA.Nick);
        using var http = a.CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, await Probes.ReadinessAsync(http));

        await redis.StopAsync();

        await tcpA.WaitForLineContainingAsync("The chat is degraded");
        Assert.Contains("degraded", await webB.NextNoticeAsync(), StringComparison.Ordinal);
        await Eventually.WaitForAsync(() => Probes.ReadinessAsync(http), status => status == HttpStatusCode.ServiceUnavailable);
        await tcpA.SendLineAsync("sent during the outage 1");
        await tcpA.SendLineAsync("sent during the outage 2");

        await redis.StartAgainAsync();

        await tcpA.WaitForLineContainingAsync("The chat has recovered");
        Assert.Equal("sent during the outage 1", (await webB.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
        Assert.Equal("sent during the outage 2", (await webB.WaitForMessageAsync(m => m.Kind == MessageKind.Text)).Text);
        await Eventually.WaitForAsync(() => Probes.ReadinessAsync(http), status => status == HttpStatusCode.OK);

        await webB.SendAsync("business as usual");
        await tcpA.WaitForLineContainingAsync("> business as usual");
    }

    [Fact]
    public async Task ARedisOutageFailsOneReadinessCheck_TheSharedChatOne_SayingRedisIsUnreachable()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var node = ChatServer.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Redis:Prefix"] = $"t{Guid.NewGuid():N}:",
        });
        using var http = node.CreateHttpClient();
        await Eventually.WaitForAsync(() => Probes.ReadinessAsync(http), status => status == HttpStatusCode.OK);

        await redis.StopAsync();
        await Eventually.WaitForAsync(() => Probes.ReadinessAsync(http), status => status == HttpStatusCode.ServiceUnavailable);
        // One round of the store's periodic check, the one that used to ping Redis as well.
        await node.Services.GetRequiredService<StoreWriter>().CheckAsync(CancellationToken.None);

        var report = await node.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("ready"));
        var failing = report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy).ToList();
        var only = Assert.Single(failing);
        Assert.Equal("shared-chat", only.Key);
        Assert.Contains("Redis is unreachable", only.Value.Description, StringComparison.Ordinal);

        await redis.StartAgainAsync();
        await Eventually.WaitForAsync(() => Probes.ReadinessAsync(http), status => status == HttpStatusCode.OK);
    }
}
