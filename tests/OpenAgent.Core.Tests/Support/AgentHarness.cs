using System;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.DependencyInjection;
using OpenAgent.Testing;

namespace OpenAgent.Core.Tests.Support;

/// <summary>A real service provider with the SDK registered, a scripted model and a temp workspace.</summary>
public sealed class AgentHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public AgentHarness(Action<IOpenAgentBuilder>? configure = null, Action<OpenAgentOptions>? options = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddChatClient(Model);
        var builder = collection.AddOpenAgent(o =>
        {
            o.WorkspaceDir = Workspace.Path;
            options?.Invoke(o);
        });
        configure?.Invoke(builder);
        services?.Invoke(collection);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Factory = _provider.GetRequiredService<AgentSessionFactory>();
    }

    public ScriptedChatClient Model { get; } = new();

    public TempWorkspace Workspace { get; } = new();

    public RecordingSink Sink { get; } = new();

    public AgentSessionFactory Factory { get; }

    public IServiceProvider Services => _provider;

    public AgentSession NewSession(AgentSessionOptions? options = null) => Factory.CreateSession(options);

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Workspace.Dispose();
    }
}
