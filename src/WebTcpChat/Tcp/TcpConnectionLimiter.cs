using System.Net;

namespace WebTcpChat.Tcp;

/// <summary>
/// Counts open TCP chat connections, in total and per IP address, like an IRC server's connection
/// classes: past <c>Limits:MaxConnections</c> or <c>Limits:MaxConnectionsPerIp</c> a newcomer is turned away.
/// </summary>
internal sealed class TcpConnectionLimiter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private int _total;

    /// <summary>Open connections admitted and not yet released.</summary>
    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Open connections from <paramref name="address"/>.</summary>
    public int CountFor(IPAddress address)
    {
        lock (_gate)
        {
            return _perAddress.GetValueOrDefault(Normalize(address));
        }
    }

    /// <summary>
    /// Admits a connection, or returns null with <paramref name="refusal"/> saying why not. Disposing
    /// the returned admission gives its place back. 0 for a limit means no limit.
    /// </summary>
    public IDisposable? TryAdmit(IPAddress? address, int maxTotal, int maxPerAddress, out string? refusal)
    {
        var key = address is null ? null : Normalize(address);
        lock (_gate)
        {
            if (maxTotal > 0 && _total >= maxTotal)
            {
                refusal = $"The server is full ({maxTotal} connections). Try again later.";
                return null;
            }

            var fromAddress = key is null ? 0 : _perAddress.GetValueOrDefault(key);
            if (key is not null && maxPerAddress > 0 && fromAddress >= maxPerAddress)
            {
                refusal = $"Too many connections from your address ({maxPerAddress}). Close one and try again.";
                return null;
            }

            _total++;
            if (key is not null)
            {
                _perAddress[key] = fromAddress + 1;
            }
        }

        refusal = null;
        return new Admission(this, key);
    }

    private void Release(IPAddress? key)
    {
        lock (_gate)
        {
            _total--;
            if (key is not null && _perAddress.TryGetValue(key, out var count))
            {
                if (count <= 1)
                {
                    _perAddress.Remove(key);
                }
                else
                {
                    _perAddress[key] = count - 1;
                }
            }
        }
    }

    // Dual-stack listeners report IPv4 peers as ::ffff:a.b.c.d; one address must count once.
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private sealed class Admission(TcpConnectionLimiter owner, IPAddress? key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(key);
            }
        }
    }
}
