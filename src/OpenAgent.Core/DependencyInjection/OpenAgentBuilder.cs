using Microsoft.Extensions.DependencyInjection;

namespace OpenAgent.Core.DependencyInjection;

internal sealed class OpenAgentBuilder(IServiceCollection services) : IOpenAgentBuilder
{
    public IServiceCollection Services { get; } = services;
}
