namespace WebTcpChat.Tests.Infrastructure;

/// <summary>
/// A lock shared by every process on the machine (a file held open exclusively), for tests that need
/// fixed ports, so two test runs side by side take turns instead of colliding.
/// </summary>
internal sealed class MachineWideLock : IDisposable
{
    private readonly FileStream _file;

    private MachineWideLock(FileStream file) => _file = file;

    public static async Task<MachineWideLock> AcquireAsync(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{name}.lock");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            try
            {
                return new MachineWideLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (!timeout.IsCancellationRequested)
            {
                // Held by another test run: wait for it.
                await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
