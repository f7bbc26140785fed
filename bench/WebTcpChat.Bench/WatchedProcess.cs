namespace WebTcpChat.Bench;

/// <summary>A server process whose memory and CPU a run reports: a gateway node, or the nodes' Redis.</summary>
internal sealed class WatchedProcess(string name, int pid)
{
    public string Name => name;

    public int Pid => pid;

    /// <summary>Before any client connected.</summary>
    public ProcessStats? Idle { get; private set; }

    /// <summary>When the measured phase started.</summary>
    public ProcessStats? Before { get; private set; }

    /// <summary>When the run stopped waiting for deliveries.</summary>
    public ProcessStats? After { get; private set; }

    /// <summary>The highest RSS sampled while the measured phase ran (and at its end).</summary>
    public long PeakRssInRunBytes { get; private set; }

    /// <summary>User + system CPU over the measured phase; NaN if the process could not be read.</summary>
    public double CpuSeconds => After is { } after && Before is { } before ? (after.CpuTime - before.CpuTime).TotalSeconds : double.NaN;

    public void ReadIdle() => Idle = ProcessStats.Read(pid);

    public void ReadBefore() => Before = ProcessStats.Read(pid);

    public void Sample()
    {
        if (ProcessStats.Read(pid) is { } sample)
        {
            PeakRssInRunBytes = Math.Max(PeakRssInRunBytes, sample.RssBytes);
        }
    }

    public void ReadAfter()
    {
        After = ProcessStats.Read(pid);
        PeakRssInRunBytes = Math.Max(PeakRssInRunBytes, After?.RssBytes ?? 0);
    }
}
