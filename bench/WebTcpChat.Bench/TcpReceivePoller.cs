using System.Net.Sockets;

namespace WebTcpChat.Bench;

/// <summary>
/// Reads every TCP client from one thread per core: each asks poll(2) (<see cref="Socket.Select(System.Collections.IList?, System.Collections.IList?, System.Collections.IList?, int)"/>)
/// which of its sockets have data, reads those once, and sleeps a millisecond (unless a read filled
/// its buffer: then it sweeps again at once).
/// Why not one async receive per socket: the runtime's epoll thread then wakes for every send the
/// gateway makes and hands each read to the thread pool, which cost the generator 0.8 of a core in
/// the chat scenario, taken from the same two cores as the gateway. A sleeping poller is not woken
/// by sends at all. The price is that a line is read up to a sweep (about 1 ms) after it arrived,
/// which only adds to the measured latency.
/// </summary>
internal sealed class TcpReceivePoller : IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(1);

    private readonly Lane[] _lanes;
    private int _next;

    public TcpReceivePoller(int threads)
    {
        _lanes = [.. Enumerable.Range(0, threads).Select(i => new Lane(i))];
    }

    /// <summary>Starts reading the client on one of the threads, taking turns.</summary>
    public void Add(TcpBenchClient client) => _lanes[(int)((uint)Interlocked.Increment(ref _next) % _lanes.Length)].Add(client);

    public void Dispose()
    {
        foreach (var lane in _lanes)
        {
            lane.Stop();
        }
    }

    private sealed class Lane(int number)
    {
        private readonly Lock _gate = new();
        private readonly List<TcpBenchClient> _added = [];
        private Thread? _thread;
        private volatile bool _stopping;

        public void Add(TcpBenchClient client)
        {
            lock (_gate)
            {
                _added.Add(client);
                if (_thread is null)
                {
                    _thread = new Thread(Run) { IsBackground = true, Name = $"tcp receive {number}" };
                    _thread.Start();
                }
            }
        }

        public void Stop()
        {
            _stopping = true;
            _thread?.Join();
        }

        private void Run()
        {
            var clients = new Dictionary<Socket, TcpBenchClient>();
            var ready = new List<Socket>();
            while (!_stopping)
            {
                TakeAdded(clients);
                var more = false;
                ready.Clear();
                foreach (var (socket, client) in clients)
                {
                    if (!client.ReceiveEnded)
                    {
                        ready.Add(socket);
                    }
                }

                if (ready.Count > 0 && TrySelect(ready))
                {
                    foreach (var socket in ready)
                    {
                        more |= clients[socket].ReceiveAvailable();
                    }
                }

                if (!more)
                {
                    Thread.Sleep(SweepInterval);
                }
            }
        }

        private void TakeAdded(Dictionary<Socket, TcpBenchClient> clients)
        {
            lock (_gate)
            {
                foreach (var client in _added)
                {
                    clients.Add(client.Socket, client);
                }

                _added.Clear();
            }
        }

        // Leaves in the list the sockets with data (or an end) to read.
        private static bool TrySelect(List<Socket> sockets)
        {
            try
            {
                Socket.Select(sockets, null, null, 0);
                return true;
            }
            catch (ObjectDisposedException)
            {
                // A client closed at the end of the run; the next sweep leaves it out.
                return false;
            }
        }
    }
}
