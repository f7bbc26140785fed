using System.Globalization;

namespace WebTcpChat.Bench;

/// <summary>A process's memory and CPU time, read from /proc (Linux).</summary>
internal readonly record struct ProcessStats(long RssBytes, long PeakRssBytes, TimeSpan CpuTime)
{
    // USER_HZ: 100 on every Linux this runs on; /proc/[pid]/stat counts CPU time in these ticks.
    private const double TicksPerSecond = 100;

    public static ProcessStats? Read(int pid)
    {
        try
        {
            var status = File.ReadAllText($"/proc/{pid}/status");
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessStats(
                StatusKilobytes(status, "VmRSS:") * 1024,
                StatusKilobytes(status, "VmHWM:") * 1024,
                TimeSpan.FromSeconds(ticks / TicksPerSecond));
        }
        catch (IOException)
        {
            return null; // the process has gone
        }
    }

    public static ProcessStats Self() => Read(Environment.ProcessId) ?? default;

    /// <summary>The 1-minute load average: how busy the machine was besides us.</summary>
    public static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ')), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static long StatusKilobytes(string status, string key)
    {
        var start = status.IndexOf(key, StringComparison.Ordinal);
        if (start < 0)
        {
            return 0;
        }

        var end = status.IndexOf('\n', start);
        var value = status[(start + key.Length)..(end < 0 ? status.Length : end)].Trim();
        return long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
