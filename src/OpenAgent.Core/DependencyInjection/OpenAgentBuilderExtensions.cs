using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenAgent.Core;
using OpenAgent.Core.Agents;
using OpenAgent.Core.DependencyInjection;
using OpenAgent.Core.Tools;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds tools and features to an <see cref="IOpenAgentBuilder"/>.
/// </summary>
public static class OpenAgentBuilderExtensions
{
    /// <summary>Adds a tool class. It is created by DI, so its constructor can take any registered service.</summary>
    /// <typeparam name="TTool">The tool type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="lifetime">The tool's lifetime. <see cref="ServiceLifetime.Scoped"/> gives each session its own instance. Default singleton.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IOpenAgentBuilder AddTool<TTool>(this IOpenAgentBuilder builder, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TTool : class, IToolHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(new ServiceDescriptor(typeof(IToolHandler), typeof(TTool), lifetime));
        return builder;
    }

    /// <summary>Adds a tool instance, shared by all sessions.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="tool">The tool.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpenAgentBuilder AddTool(this IOpenAgentBuilder builder, IToolHandler tool)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tool);
        builder.Services.AddSingleton(tool);
        return builder;
    }

    /// <summary>Adds an <see cref="AIFunction"/> as a tool.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="function">The function, for example from <c>AIFunctionFactory.Create</c>.</param>
    /// <param name="isReadOnly">Whether it only reads (no approval, allowed in plan mode). Default <see langword="false"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpenAgentBuilder AddFunction(this IOpenAgentBuilder builder, AIFunction function, bool isReadOnly = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        return builder.AddTool(new AIFunctionToolHandler(function, isReadOnly));
    }

    /// <summary>Adds a method as a tool; its parameters become the tool's arguments.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The tool's name.</param>
    /// <param name="description">What the tool does, for the model.</param>
    /// <param name="method">The method. Parameters whose type is a registered service are filled from the session's
    /// services at each call and are not shown to the model; the others are the tool's arguments.</param>
    /// <param name="isReadOnly">Whether it only reads. Default <see langword="false"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpenAgentBuilder AddFunction(this IOpenAgentBuilder builder, string name, string description, Delegate method, bool isReadOnly = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(method);

        // Created on first use, when the container can say which parameter types are services.
        builder.Services.AddSingleton<IToolHandler>(provider =>
        {
            var isService = provider.GetService<IServiceProviderIsService>();
            var function = AIFunctionFactory.Create(method, new AIFunctionFactoryOptions
            {
                Name = name,
                Description = description,
                ConfigureParameterBinding = parameter => isService?.IsService(parameter.ParameterType) == true
                    ? new AIFunctionFactoryOptions.ParameterBindingOptions
                    {
                        ExcludeFromSchema = true,
                        BindParameter = static (p, arguments) => (arguments.Services
                            ?? throw new InvalidOperationException($"Parameter '{p.Name}' needs services, but the call has none.")).GetRequiredService(p.ParameterType),
                    }
                    : default,
            });
            return new AIFunctionToolHandler(function, isReadOnly);
        });
        return builder;
    }

    /// <summary>Registers the approver asked when a session has approval on.</summary>
    /// <typeparam name="TApprover">The approver type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IOpenAgentBuilder AddToolApprover<TApprover>(this IOpenAgentBuilder builder)
        where TApprover : class, IToolApprover
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IToolApprover, TApprover>();
        return builder;
    }

    /// <summary>Changes the options (applied after configuration binding, validated at start-up).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">The change.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpenAgentBuilder Configure(this IOpenAgentBuilder builder, Action<OpenAgentOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
