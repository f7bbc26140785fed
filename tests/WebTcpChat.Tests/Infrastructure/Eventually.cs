namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// For state with no event to await (a file on disk, a health endpoint): checks until it holds,
/// giving up after <see cref="Timeouts.Event"/>. The pause between checks is not synchronisation;
/// the condition is.
/// </summary>
internal static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> holds)
    {
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        T last = default!;
        while (!timeout.IsCancellationRequested)
        {
            last = await read();
            if (holds(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        throw new TimeoutException($"The condition did not hold within {Timeouts.Event}. Last value: {Describe(last)}");
    }

    private static string Describe<T>(T value) =>
        value is System.Collections.IEnumerable items and not string
            ? string.Join(", ", items.Cast<object>())
            : value?.ToString() ?? "null";
}
