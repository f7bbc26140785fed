using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace WebTcpChat.Bench;

/// <summary>
/// A SignalR user, as a bot would be: the official client over WebSockets (negotiation skipped).
/// Only a message's text is read; the user list and history are skipped unparsed.
/// </summary>
internal sealed class WebBenchClient : BenchClient, IAsyncDisposable
{
    private readonly HubConnection _hub;
    private bool _disposed;

    private WebBenchClient(HubConnection hub, Recorder recorder)
        : base(recorder, isWeb: true)
    {
        _hub = hub;
        hub.On<BenchMessage>("Message", OnMessage);
        hub.On<Skipped>("Users", static _ => { });
        hub.On<Skipped>("History", _ => OnAttached()); // sent as the chat attaches the session
        hub.On<string>("Nickname", static _ => { });
        hub.On<string>("Notice", static _ => { });
        hub.Closed += error =>
        {
            if (!_disposed)
            {
                LostReason = error?.Message ?? "closed by the server";
            }

            return Task.CompletedTask;
        };
    }

    public static async Task<WebBenchClient> ConnectAsync(Uri server, Recorder recorder, CancellationToken cancellationToken)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/chat"), options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
            })
            .Build();
        var client = new WebBenchClient(hub, recorder);
        await hub.StartAsync(cancellationToken);
        return client;
    }

    public override async ValueTask SendPayloadAsync(int sender, int sequence, CancellationToken cancellationToken)
    {
        await _hub.SendAsync("Send", BenchPayload.Format(Recorder.Run, sender, sequence, BenchPayload.NowMicros()), cancellationToken);
        if (sender != BenchPayload.SyncSender)
        {
            Sent++;
        }
    }

    public override async Task SendFlatOutAsync(int firstSequence, int count, CancellationToken cancellationToken)
    {
        for (var sequence = firstSequence; sequence < firstSequence + count; sequence++)
        {
            await SendPayloadAsync(Sender, sequence, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _hub.DisposeAsync();
    }

    private void OnMessage(BenchMessage message)
    {
        var now = BenchPayload.NowMicros();
        if (BenchPayload.TryParse(message.Text.AsSpan(), Recorder.Run, out var sender, out var sequence, out var sentMicros))
        {
            OnPayload(Recorder.Local, sender, sequence, sentMicros, now);
        }
    }

    /// <summary>The one field of a chat message the benchmark needs.</summary>
    internal sealed class BenchMessage
    {
        public string Text { get; set; } = "";
    }

    /// <summary>An argument read past without building anything (user lists can be large).</summary>
    [JsonConverter(typeof(SkipConverter))]
    internal sealed class Skipped
    {
        private sealed class SkipConverter : JsonConverter<Skipped>
        {
            public override Skipped? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                reader.Skip();
                return null;
            }

            public override void Write(Utf8JsonWriter writer, Skipped value, JsonSerializerOptions options) => writer.WriteNullValue();
        }
    }
}
