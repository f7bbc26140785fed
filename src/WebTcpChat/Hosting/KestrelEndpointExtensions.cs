using Microsoft.AspNetCore.Connections;
using WebTcpChat.Tcp;

namespace WebTcpChat.Hosting;

internal static partial class KestrelEndpointExtensions
{
    /// <summary>
    /// Kestrel's endpoints come from the standard <c>Kestrel:Endpoints</c> section; here the
    /// <c>Tcp</c> endpoint gets the chat's connection handler instead of HTTP.
    /// </summary>
    public static WebApplicationBuilder AddChatEndpoints(this WebApplicationBuilder builder)
    {
        var bound = new BoundEndpoints();
        builder.Services.AddSingleton(bound);
        builder.Services.AddHostedService<BoundEndpointsLogger>();
        builder.Services.AddKestrelLimits();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: true)
                .Endpoint(EndpointNames.Http, endpoint => bound.Record(EndpointNames.Http, endpoint.ListenOptions))
                .Endpoint(EndpointNames.Tcp, endpoint =>
                {
                    endpoint.ListenOptions.UseConnectionHandler<TcpChatConnectionHandler>();
                    bound.Record(EndpointNames.Tcp, endpoint.ListenOptions);
                }));
        return builder;
    }
}
