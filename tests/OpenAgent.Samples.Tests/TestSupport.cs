using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Samples.Shared;
using OpenAgent.Testing;

namespace OpenAgent.Samples.Tests;

/// <summary>An agent wired exactly as the sample hosts wire it, from configuration, in a temp workspace.</summary>
public sealed class SampleAgent : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public SampleAgent(IDictionary<string, string?> settings)
    {
        Workspace = Directory.CreateTempSubdirectory("openagent-samples-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IConfiguration>(configuration);
        Model = services.AddSampleModels(configuration);
        services.AddOpenAgent(o => o.WorkspaceDir = Workspace);
        _provider = services.BuildServiceProvider();
        Session = _provider.GetRequiredService<AgentSessionFactory>().CreateSession();
    }

    public string Workspace { get; }

    public InstantTimeProvider Time { get; } = new();

    public ModelChoice Model { get; }

    public AgentSession Session { get; }

    public List<AgentEvent> Events { get; } = [];

    public Action<AgentEvent>? OnEvent { get; set; }

    public async Task<AgentRunResult> RunAsync(string prompt, CancellationToken cancellationToken)
    {
        var sink = AgentEventSink.Create(e =>
        {
            lock (Events)
            {
                Events.Add(e);
            }

            OnEvent?.Invoke(e);
        });
        return await Session.RunAsync(prompt, sink, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await _provider.DisposeAsync();
        Directory.Delete(Workspace, recursive: true);
    }
}
