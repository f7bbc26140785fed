namespace WebTcpChat.Hosting;

/// <summary>
/// Runtime settings that can only be given as environment variables, set by the process for itself
/// before anything uses them. A value the environment already gives wins.
/// </summary>
internal static class RuntimeTuning
{
    // Every browser's hub connection has a pipe of 4 KiB arrays from the shared ArrayPool, rented per
    // message and given back once the WebSocket has sent it. With hundreds of browsers the pool's 32
    // arrays per size and core run out, and every message to a browser allocated a new 4 KiB array:
    // 125 MB/s of garbage with 1,000 browsers at 100 messages/s. 1,024 per core covers thousands of
    // browsers (at most 4 MiB per core and size, only for sizes in use; the pool trims what goes unused).
    private const string ArraysPerPartition = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(ArraysPerPartition) is null)
        {
            Environment.SetEnvironmentVariable(ArraysPerPartition, "1024");
        }
    }
}
