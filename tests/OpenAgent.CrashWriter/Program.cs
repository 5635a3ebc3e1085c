using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Conversations;
using OpenAgent.Core.Events;
using OpenAgent.Core.Prompts;
using OpenAgent.Core.Teams;

// Usage: openagent-crashwriter <workspace> <sqlite-file>. Prints "tick N" after each completed round, forever.
var workspace = args[0];
var database = args[1];
var services = new ServiceCollection();
services.AddLogging();
services.AddChatClient(new TirelessModel());
services.AddOpenAgent(o => { o.WorkspaceDir = workspace; o.EnableMemory = true; })
    .AddEntityFrameworkStore(o => o.ConnectionString = $"Data Source={database}");
await using var provider = services.BuildServiceProvider();
foreach (var hosted in provider.GetServices<IHostedService>())
{
    await hosted.StartAsync(CancellationToken.None);
}

var store = provider.GetRequiredService<IConversationStore>();
await using var session = provider.GetRequiredService<AgentSessionFactory>().CreateSession(new AgentSessionOptions { TeamsEnabled = true });
var bus = session.Services.GetRequiredService<TeamManager>().Bus;
var created = DateTimeOffset.UtcNow;
Console.WriteLine("ready");
for (var tick = 1; ; tick++)
{
    // A run that creates a task, compacts (writing a transcript) and answers.
    await session.RunAsync($"round {tick}", AgentEventSink.Null);
    await AgentMemory.WriteAsync(session.WorkspacePath, $"# Memory\n- round {tick} done\n" + string.Concat(Enumerable.Repeat($"- fact {tick}\n", 20)));
    await bus.SendAsync("lead", "worker", $"round {tick}");
    await store.SaveAsync(new ConversationRecord { Id = $"c{tick % 50}", Title = $"round {tick}", CreatedAt = created, UpdatedAt = DateTimeOffset.UtcNow, State = session.ExportState() });
    Console.WriteLine($"tick {tick}");
}

/// <summary>Never runs out: a task, a compaction, an answer, round after round; summaries for compaction.</summary>
internal sealed class TirelessModel : IChatClient
{
    private int _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Summary: rounds of task creation and compaction.")));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        var step = Interlocked.Increment(ref _calls) % 3;
        AIContent content = step switch
        {
            1 => new FunctionCallContent($"c{_calls}", "task_create", new Dictionary<string, object?> { ["subject"] = $"task {_calls}", ["description"] = new string('d', 200) }),
            2 => new FunctionCallContent($"c{_calls}", "compact", new Dictionary<string, object?> { ["focus"] = "tasks" }),
            _ => new TextContent("Round done."),
        };
        yield return new ChatResponseUpdate(ChatRole.Assistant, [content]);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
