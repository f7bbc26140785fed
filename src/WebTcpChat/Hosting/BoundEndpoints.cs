using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace WebTcpChat.Hosting;

/// <summary>
/// The named Kestrel endpoints and where they ended up listening. Kestrel writes the bound port back
/// into each endpoint's <see cref="ListenOptions"/>, so port 0 can be read after start-up.
/// </summary>
public sealed class BoundEndpoints
{
    private readonly ConcurrentDictionary<string, ListenOptions> _endpoints = new(StringComparer.OrdinalIgnoreCase);

    internal void Record(string name, ListenOptions listenOptions) => _endpoints[name] = listenOptions;

    /// <summary>The names of the configured endpoints.</summary>
    public IReadOnlyCollection<string> Names => [.. _endpoints.Keys];

    /// <summary>Where the named endpoint listens, once the server has started.</summary>
    public IPEndPoint? Get(string name) =>
        _endpoints.TryGetValue(name, out var options) ? options.EndPoint as IPEndPoint : null;

    /// <summary>The bound port of the named endpoint; throws if there is none.</summary>
    public int Port(string name) =>
        Get(name)?.Port ?? throw new InvalidOperationException($"Kestrel has no endpoint named {name}.");
}
