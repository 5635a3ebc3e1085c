using Microsoft.Extensions.DependencyInjection;

namespace OpenAgent.Core.DependencyInjection;

/// <summary>
/// Configures OpenAgent.Core. Returned by <c>services.AddOpenAgent()</c>; features hang off it as extension methods
/// (see <see cref="Microsoft.Extensions.DependencyInjection.OpenAgentBuilderExtensions"/>).
/// </summary>
public interface IOpenAgentBuilder
{
    /// <summary>Gets the service collection being configured.</summary>
    IServiceCollection Services { get; }
}
