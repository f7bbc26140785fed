using Microsoft.Extensions.Primitives;

namespace WebTcpChat.Hosting;

/// <summary>
/// The <c>Kestrel</c> section as Kestrel should see it: endpoints with <c>Enabled</c> set to false
/// left out. Configuration can add and change keys but not remove them, so without this an endpoint
/// named in appsettings.json could not be switched off from an environment variable
/// (<c>Kestrel__Endpoints__Tcp__Enabled=false</c>). Everything else, reloads included, passes through.
/// </summary>
internal sealed class EnabledEndpointsConfiguration(IConfiguration kestrel) : IConfiguration
{
    private const string EndpointsKey = "Endpoints";

    public string? this[string key]
    {
        get => kestrel[key];
        set => kestrel[key] = value;
    }

    public IEnumerable<IConfigurationSection> GetChildren() => kestrel.GetChildren().Select(Filter);

    public IChangeToken GetReloadToken() => kestrel.GetReloadToken();

    public IConfigurationSection GetSection(string key) => Filter(kestrel.GetSection(key));

    /// <summary>Whether an endpoint's section leaves it on (no <c>Enabled</c>, or anything but false).</summary>
    public static bool IsEnabled(IConfigurationSection endpoint) =>
        !string.Equals(endpoint["Enabled"], "false", StringComparison.OrdinalIgnoreCase);

    private static IConfigurationSection Filter(IConfigurationSection section) =>
        string.Equals(section.Key, EndpointsKey, StringComparison.OrdinalIgnoreCase) ? new EnabledEndpoints(section) : section;

    private sealed class EnabledEndpoints(IConfigurationSection endpoints) : IConfigurationSection
    {
        public string? this[string key]
        {
            get => endpoints[key];
            set => endpoints[key] = value;
        }

        public string Key => endpoints.Key;

        public string Path => endpoints.Path;

        public string? Value
        {
            get => endpoints.Value;
            set => endpoints.Value = value;
        }

        public IEnumerable<IConfigurationSection> GetChildren() => endpoints.GetChildren().Where(IsEnabled);

        public IChangeToken GetReloadToken() => endpoints.GetReloadToken();

        public IConfigurationSection GetSection(string key) => endpoints.GetSection(key);
    }
}
