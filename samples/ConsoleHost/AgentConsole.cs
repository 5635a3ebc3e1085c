using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Conversations;
using OpenAgent.Core.Events;

namespace OpenAgent.Samples.ConsoleHost;

/// <summary>The console's agent: the current session, saved to the conversation store after every run.</summary>
/// <param name="services">The host's services.</param>
/// <param name="modelDescription">What the model is, for the banner.</param>
/// <param name="sessionOptions">How sessions start.</param>
/// <param name="approver">Asks before tools run, when approval is on.</param>
/// <param name="updateMemory">Whether to save what the agent learned when a conversation ends (real models only: a demo
/// or scripted model has nothing to remember).</param>
internal sealed class AgentConsole(IServiceProvider services, string modelDescription, AgentSessionOptions sessionOptions, IToolApprover? approver, bool updateMemory)
    : IAsyncDisposable
{
    private readonly AgentSessionFactory _factory = services.GetRequiredService<AgentSessionFactory>();
    private ConversationRecord? _record;
    private int _disposed;

    public string ModelDescription { get; } = modelDescription;

    public IConversationStore Store { get; } = services.GetRequiredService<IConversationStore>();

    public AgentSession Session { get; private set; } = null!;

    public IAgentEventSink Renderer { get; set; } = AgentEventSink.Null;

    public void Start() => Open(_factory.CreateSession(sessionOptions));

    public async Task<AgentRunResult> RunAsync(string text, IAgentEventSink events, CancellationToken cancellationToken)
    {
        try
        {
            return await Session.RunAsync(text, events, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await SaveAsync().ConfigureAwait(false);
        }
    }

    public async Task SaveAsync()
    {
        var now = DateTimeOffset.UtcNow;
        _record ??= new ConversationRecord { Id = Session.Id, CreatedAt = now, State = Session.ExportState() };
        _record.State = Session.ExportState();
        _record.UpdatedAt = now;
        _record.Title ??= ConversationRecord.TitleFrom(Session.History);

        await Store.SaveAsync(_record).ConfigureAwait(false);
    }

    public async Task NewConversationAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        Open(_factory.CreateSession(sessionOptions));
    }

    public async Task<bool> ResumeAsync(string id)
    {
        var record = await Store.GetAsync(id).ConfigureAwait(false);
        if (record is null)
        {
            return false;
        }

        await CloseAsync().ConfigureAwait(false);
        record.State.WorkspacePath = Session?.WorkspacePath ?? record.State.WorkspacePath;
        Open(_factory.RestoreSession(record.State, approver), record);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    private void Open(AgentSession session, ConversationRecord? record = null)
    {
        Session = session;
        _record = record;
        if (approver is not null)
        {
            session.Approver = approver;
        }
    }

    private async Task CloseAsync()
    {
        if (Session is { } session)
        {
            if (session.History.Count > 0)
            {
                await SaveAsync().ConfigureAwait(false);
            }

            if (updateMemory && session.History.Count >= 2 && services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpenAgent.Core.OpenAgentOptions>>().Value.EnableMemory)
            {
                await services.GetRequiredService<OpenAgent.Core.Prompts.MemoryUpdater>().UpdateAsync(session).ConfigureAwait(false);
            }

            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
