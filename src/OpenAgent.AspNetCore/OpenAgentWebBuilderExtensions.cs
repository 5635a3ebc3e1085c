using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenAgent.AspNetCore;
using OpenAgent.Core.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the services behind <c>app.MapOpenAgent()</c>.
/// </summary>
public static class OpenAgentWebBuilderExtensions
{
    /// <summary>
    /// Adds the web API's services: conversations (through the registered <c>IConversationStore</c>, in memory unless
    /// another is registered), the tool catalog, CORS for <see cref="OpenAgentWebOptions.AllowedOrigins"/>, and a start-up
    /// check that refuses to listen beyond loopback without an API key. Options come from <c>OpenAgent:Web</c>.
    /// </summary>
    /// <param name="builder">The OpenAgent builder.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <returns>The builder.</returns>
    public static IOpenAgentBuilder AddWebApi(this IOpenAgentBuilder builder, Action<OpenAgentWebOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<OpenAgentWebOptions>()
            .Configure<IServiceProvider>(static (options, provider) =>
                provider.GetService<IConfiguration>()?.GetSection(OpenAgentWebOptions.SectionName).Bind(options))
            .Validate(o => o.MaxUploadBytes > 0 && o.MaxMessageBytes > 0 && o.PreviewBytes > 0,
                "OpenAgent:Web:MaxUploadBytes, MaxMessageBytes and PreviewBytes must be positive.")
            .ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<ConversationService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConversationService>(static p => p.GetRequiredService<ConversationService>()));
        services.TryAddSingleton<ToolCatalog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LoopbackGuard>());
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<OpenAgentWebOptions>>((cors, web) =>
                cors.AddPolicy(Microsoft.AspNetCore.Builder.OpenAgentEndpointRouteBuilderExtensions.CorsPolicyName, policy =>
                {
                    var origins = web.Value.AllowedOrigins;
                    if (origins.Contains("*"))
                    {
                        policy.AllowAnyOrigin();
                    }
                    else
                    {
                        policy.WithOrigins([.. origins]);
                    }

                    policy.AllowAnyHeader().AllowAnyMethod();
                }));
        return builder;
    }
}
