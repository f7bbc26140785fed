using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace WebTcpChat.Bench;

/// <summary>A process's memory and CPU time, as System.Diagnostics.Process reports them.</summary>
internal readonly record struct ProcessStats(long RssBytes, long PeakRssBytes, TimeSpan CpuTime)
{
    public static ProcessStats? Read(int pid)
    {
        try
        {
            // A new Process caches nothing yet, so no Refresh: each read is current.
            using var process = Process.GetProcessById(pid);
            return new ProcessStats(process.WorkingSet64, process.PeakWorkingSet64, process.TotalProcessorTime);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Win32Exception)
        {
            // The process has gone: before the lookup (ArgumentException), before its figures were
            // read (InvalidOperationException), or between two reads of them (Win32Exception).
            return null;
        }
    }

    public static ProcessStats Self() => Read(Environment.ProcessId) ?? default;

    /// <summary>The 1-minute load average: how busy the machine was besides us.</summary>
    public static double LoadAverage()
    {
        try
        {
            // .NET has no API for the load average: Linux's /proc it is.
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ')), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
