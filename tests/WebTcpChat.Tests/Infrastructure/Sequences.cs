using System.Buffers;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, as a pipe hands them over.</summary>
internal static class Sequences
{
    public static ReadOnlySequence<byte> Of(params byte[][] segments)
    {
        if (segments.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(segments[0], 0);
        var last = first;
        foreach (var bytes in segments.Skip(1))
        {
            last = last.Append(bytes);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>The bytes cut at the given offsets (each segment non-empty where possible).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var parts = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts.Where(c => c > 0 && c < bytes.Length).Order())
        {
            parts.Add(bytes[start..cut]);
            start = cut;
        }

        parts.Add(bytes[start..]);
        return Of([.. parts]);
    }

    /// <summary>One segment per byte: the worst case for any parser.</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] bytes) =>
        bytes.Length == 0 ? ReadOnlySequence<byte>.Empty : Of([.. bytes.Select(b => new[] { b })]);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
