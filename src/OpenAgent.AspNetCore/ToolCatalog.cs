using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;

namespace OpenAgent.AspNetCore;

/// <summary>Lists the tools a conversation gets (built-in, the app's own, MCP servers'), from one session kept for the purpose.</summary>
internal sealed class ToolCatalog(AgentSessionFactory factory, ConversationService conversations) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AgentSession? _session;

    public async Task<IReadOnlyList<NamedItem>> ListAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _session ??= factory.CreateSession(new AgentSessionOptions
            {
                Id = "catalog",
                WorkspacePath = Path.Combine(conversations.WorkspacesRoot, ".catalog"),
            });
            await _session.LoadToolSourcesAsync(cancellationToken).ConfigureAwait(false);
            return [.. _session.Tools.Tools.Select(t => new NamedItem(t.Name, t.Description))];
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is { } session)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
