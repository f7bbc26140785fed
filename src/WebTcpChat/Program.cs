using WebTcpChat.Api;
using WebTcpChat.Chat;
using WebTcpChat.Health;
using WebTcpChat.Hosting;
using WebTcpChat.Hubs;
using WebTcpChat.Tcp;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = ContentRootLocator.Locate(), // appsettings.json and wwwroot/ at the repository root
});

builder.AddChatLogging();         // Serilog from appsettings.json
builder.AddChatEndpoints();       // Kestrel: the Http and Tcp endpoints from Kestrel:Endpoints
builder.Services.AddChatCore();   // users, nicknames, one order, history (SQLite), fan-out
builder.Services.AddTcpChat();    // the raw TCP line protocol
builder.Services.AddWebChat();    // SignalR for browsers and bots
builder.Services.AddChatHealthChecks(); // /healthz and /readyz

var app = builder.Build();

app.UseSecurityHeaders();         // a strict Content-Security-Policy: no inline script
app.UseDefaultFiles();            // / serves index.html
app.UseStaticFiles();             // the page from wwwroot/
app.MapChatHub();                 // /hubs/chat
app.MapMessagesApi();             // GET /api/messages
app.MapChatHealthChecks();        // /healthz, /readyz

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
