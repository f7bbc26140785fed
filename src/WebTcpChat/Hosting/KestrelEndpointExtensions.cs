using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;
using WebTcpChat.Tcp;

namespace WebTcpChat.Hosting;

internal static class KestrelEndpointExtensions
{
    private const SslProtocols ModernTls = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>
    /// Kestrel's endpoints come from the standard <c>Kestrel:Endpoints</c> section: <c>Http</c> and
    /// <c>Https</c> serve the page and the hub, <c>Tcp</c> and <c>Tcps</c> get the chat's connection
    /// handler instead of HTTP (<c>Tcps</c> inside TLS). Any of them can be left out, or switched off
    /// with its <c>Enabled</c> key set to false.
    /// </summary>
    public static WebApplicationBuilder AddChatEndpoints(this WebApplicationBuilder builder)
    {
        var bound = new BoundEndpoints();
        builder.Services.AddSingleton(bound);
        builder.Services.AddHostedService<BoundEndpointsLogger>();
        builder.Services.AddKestrelLimits();
        builder.Services.AddSharedTransportMemory();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var limits = kestrel.ApplicationServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.SslProtocols = ModernTls;
                https.HandshakeTimeout = TimeSpan.FromSeconds(limits.TlsHandshakeSeconds);
            });
            kestrel.Configure(new EnabledEndpointsConfiguration(context.Configuration.GetSection("Kestrel")), reloadOnChange: true)
                .Endpoint(EndpointNames.Http, endpoint => bound.Record(EndpointNames.Http, endpoint.ListenOptions))
                .Endpoint(EndpointNames.Https, endpoint => bound.Record(EndpointNames.Https, endpoint.ListenOptions))
                .Endpoint(EndpointNames.Tcp, endpoint =>
                {
                    endpoint.ListenOptions.UseConnectionHandler<TcpChatConnectionHandler>();
                    bound.Record(EndpointNames.Tcp, endpoint.ListenOptions);
                })
                .Endpoint(EndpointNames.Tcps, endpoint =>
                {
                    UseTls(endpoint);
                    endpoint.ListenOptions.UseConnectionHandler<TcpChatConnectionHandler>();
                    bound.Record(EndpointNames.Tcps, endpoint.ListenOptions);
                });
        });
        return builder;
    }

    // The trap: for an https:// endpoint the configuration loader adds TLS only after this callback,
    // and a connection handler ends the pipeline, so TLS added later would never run and the port
    // would speak clear text. So TLS goes in here, first, with the certificate the loader has already
    // read from the endpoint's (or the default) Certificate keys.
    private static void UseTls(EndpointConfiguration endpoint)
    {
        if (!endpoint.IsHttps)
        {
            throw new InvalidOperationException(
                $"Kestrel:Endpoints:{EndpointNames.Tcps}:Url must be an https:// URL: that endpoint carries the chat inside TLS.");
        }

        if (endpoint.HttpsOptions.ServerCertificate is null && endpoint.HttpsOptions.ServerCertificateSelector is null)
        {
            throw new InvalidOperationException(
                $"Kestrel:Endpoints:{EndpointNames.Tcps} needs a certificate: set its Certificate:Path (with KeyPath for PEM, or Password for a .pfx), or Kestrel:Certificates:Default.");
        }

        endpoint.ListenOptions.UseHttps(endpoint.HttpsOptions);
    }
}
