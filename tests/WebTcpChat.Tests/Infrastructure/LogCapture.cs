using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// Every log event of one test server (at its configured minimum level), so tests can check that a
/// protection logged what it did and that nothing failed. Keeps the latest events only.
/// </summary>
public sealed class LogCapture : ILogEventSink
{
    private const int Capacity = 20_000;
    private readonly ConcurrentQueue<LogEvent> _events = new();
    private TaskCompletionSource _emitted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent)
    {
        _events.Enqueue(logEvent);
        while (_events.Count > Capacity && _events.TryDequeue(out _))
        {
        }

        Interlocked.Exchange(ref _emitted, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Events with the given <c>[LoggerMessage]</c> event id.</summary>
    public IReadOnlyList<LogEvent> WithEventId(int id) => [.. _events.Where(e => EventId(e) == id)];

    /// <summary>Errors and worse, rendered, for an assertion message.</summary>
    public IReadOnlyList<string> Errors() =>
        [.. _events.Where(e => e.Level >= LogEventLevel.Error).Select(e => $"{e.RenderMessage(null)} {e.Exception}")];

    /// <summary>Waits until an event with the id has been logged; fails after the event timeout.</summary>
    public async Task<LogEvent> WaitForEventIdAsync(int id)
    {
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        while (true)
        {
            var emitted = Volatile.Read(ref _emitted).Task;
            if (WithEventId(id) is [var first, ..])
            {
                return first;
            }

            try
            {
                await emitted.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No log event {id} within {Timeouts.Event}.");
            }
        }
    }

    private static int? EventId(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var value)
        && value is StructureValue structure
        && structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int id }
            ? id
            : null;
}
