using WebTcpChat.Api;
using WebTcpChat.Chat;
using WebTcpChat.Health;
using WebTcpChat.Hosting;
using WebTcpChat.Hubs;
using WebTcpChat.Observability;
using WebTcpChat.ScaleOut;
using WebTcpChat.Tcp;

RuntimeTuning.Apply();                      // first: settings the runtime reads once, on first use

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args); // the container's HEALTHCHECK: the runtime image has no curl
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRootLocator.Locate(), // appsettings.json and wwwroot/ at the repository root
});

builder.AddChatLogging();                   // Serilog: text or JSON on the console
builder.AddChatEndpoints();                 // Kestrel: the Http and Tcp endpoints from Kestrel:Endpoints
builder.Services.AddChatCore();             // users, nicknames, commands, history, fan-out
builder.Services.AddChatBackend();          // the one order: in-process + SQLite, or shared on Redis
builder.Services.AddTcpChat();              // the raw TCP line protocol
builder.Services.AddWebChat();              // SignalR for browsers and bots
builder.Services.AddChatHealthChecks();     // /healthz and /readyz
builder.Services.AddChatMetrics();          // OpenTelemetry, exported for Prometheus
builder.Services.AddReverseProxySupport();  // trusted X-Forwarded-* (off by default)
builder.Services.AddChatShutdown();         // last, so it stops first: goodbyes before the log drains

var app = builder.Build();

app.UseReverseProxySupport();               // first, so everything after sees the real client
app.UseChatRequestLogging();                // one log line per HTTP request
app.UseSecurityHeaders();                   // a strict Content-Security-Policy: no inline script
app.MapChatMetrics();                       // /metrics, for the allowed networks only
app.UseDefaultFiles();                      // / serves index.html
app.UseStaticFiles();                       // the page from wwwroot/
app.MapChatHub();                           // /hubs/chat
app.MapMessagesApi();                       // GET /api/messages
app.MapChatHealthChecks();                  // /healthz, /readyz

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
