using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Compaction;
using OpenAgent.Core.Events;
using OpenAgent.Core.Prompts;
using OpenAgent.Core.Tasks;
using OpenAgent.Core.Todos;
using Spectre.Console;

namespace OpenAgent.Samples.ConsoleHost;

/// <summary>
/// The interactive terminal: a prompt, streamed runs, slash commands, approvals, plan review, and Ctrl+C to stop a run
/// and redirect it (<c>feedback&gt;</c>) or, at the prompt, to leave.
/// </summary>
internal sealed class Repl(AgentConsole agent, IAnsiConsole console, TextReader input)
{
    private const string Help = """
        /new            start a new conversation
        /resume [id]    list saved conversations, or resume one
        /tasks          show the task board
        /todos          show the todo list
        /compact        summarise the conversation now
        /usage          tokens used in this conversation
        /preset [name]  show or change the prompt preset
        /help           this list
        /quit           leave (Ctrl+C at the prompt too)
        Ctrl+C while the agent works stops it and asks for feedback to redirect it.
        """;

    private CancellationTokenSource? _run;
    private int _stoppedByUser;

    public async Task<int> RunAsync()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            console.MarkupLine($"[bold]openagent[/] [grey]- {Markup.Escape(agent.ModelDescription)} - workspace {Markup.Escape(agent.Session.WorkspacePath)}[/]");
            console.MarkupLine("[grey]Type a request, or /help. Ctrl+C stops a run; at the prompt it exits.[/]");
            while (true)
            {
                console.Markup("[bold green]>[/] ");
                var line = await input.ReadLineAsync().ConfigureAwait(false);
                if (line is null)
                {
                    return 0;
                }

                line = line.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.StartsWith('/'))
                {
                    if (!await CommandAsync(line).ConfigureAwait(false))
                    {
                        return 0;
                    }

                    continue;
                }

                await TurnAsync(line).ConfigureAwait(false);
            }
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }
    }

    private async Task TurnAsync(string text)
    {
        while (true)
        {
            using var run = new CancellationTokenSource();
            Volatile.Write(ref _stoppedByUser, 0);
            _run = run;
            var planReady = new PlanWatcher();
            (agent.Renderer as EventRenderer)?.Working();
            AgentRunResult result;
            try
            {
                result = await agent.RunAsync(text, new CompositeSink(agent.Renderer, planReady), run.Token).ConfigureAwait(false);
            }
            finally
            {
                _run = null;
            }

            if (result.Status == AgentRunStatus.Cancelled && Volatile.Read(ref _stoppedByUser) == 1)
            {
                console.MarkupLine("[yellow]Stopped.[/] [grey]Type feedback to redirect the agent, or press Enter to return to the prompt.[/]");
                console.Markup("[bold yellow]feedback>[/] ");
                var feedback = (await input.ReadLineAsync().ConfigureAwait(false))?.Trim();
                if (string.IsNullOrEmpty(feedback))
                {
                    return;
                }

                text = feedback;
                continue;
            }

            if (planReady.Plan is not null && agent.Session.PlanMode)
            {
                console.Markup("[green]Carry out this plan?[/] [[y]]es / [[n]]o, or type what to change: ");
                var answer = (await input.ReadLineAsync().ConfigureAwait(false))?.Trim();
                if (answer is "y" or "yes")
                {
                    agent.Session.PlanMode = false;
                    text = "The plan is approved. Carry it out now, step by step.";
                    continue;
                }

                if (!string.IsNullOrEmpty(answer) && answer is not ("n" or "no"))
                {
                    text = $"The plan was not approved. Feedback: {answer}\nRevise the plan to address it, then submit it again.";
                    continue;
                }
            }

            return;
        }
    }

    private async Task<bool> CommandAsync(string line)
    {
        var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var argument = parts.Length > 1 ? parts[1] : null;
        var session = agent.Session;
        switch (parts[0].ToLowerInvariant())
        {
            case "/quit" or "/exit":
                return false;
            case "/help":
                console.WriteLine(Help);
                break;
            case "/new":
                await agent.NewConversationAsync().ConfigureAwait(false);
                console.MarkupLine($"[grey]New conversation {agent.Session.Id}.[/]");
                break;
            case "/resume" when argument is null:
                var list = await agent.Store.ListAsync().ConfigureAwait(false);
                if (list.Count == 0)
                {
                    console.MarkupLine("[grey]No saved conversations.[/]");
                }

                foreach (var conversation in list.Take(10))
                {
                    console.MarkupLine($"  [bold]{conversation.Id}[/] {Markup.Escape(conversation.Title ?? "(untitled)")} [grey]({conversation.MessageCount} messages)[/]");
                }

                break;
            case "/resume":
                console.MarkupLine(await agent.ResumeAsync(argument!).ConfigureAwait(false)
                    ? $"[grey]Resumed {Markup.Escape(argument!)} ({agent.Session.History.Count} messages).[/]"
                    : $"[red]No conversation '{Markup.Escape(argument!)}'.[/]");
                break;
            case "/tasks":
                console.WriteLine(session.Services.GetRequiredService<TaskBoard>().Render());
                break;
            case "/todos":
                console.WriteLine(session.Services.GetRequiredService<TodoList>().Render());
                break;
            case "/compact":
                var before = session.History.Count;
                await session.Services.GetRequiredService<CompactionStrategy>().CompactAsync(
                    new CompactionContext(session, session.History, CompactionTrigger.Manual, 0, null, agent.Renderer)).ConfigureAwait(false);
                console.MarkupLine($"[grey]{before} messages -> {session.History.Count}.[/]");
                await agent.SaveAsync().ConfigureAwait(false);
                break;
            case "/usage":
                console.MarkupLine($"{session.Usage.InputTokens:N0} input + {session.Usage.OutputTokens:N0} output tokens in this conversation.");
                break;
            case "/preset" when argument is null:
                var presets = session.Services.GetRequiredService<PromptPresets>().List();
                console.MarkupLine($"Preset: [bold]{Markup.Escape(session.Preset ?? "coding")}[/]. Available: {Markup.Escape(string.Join(", ", presets.Select(p => p.Name)))}.");
                break;
            case "/preset":
                if (session.Services.GetRequiredService<PromptPresets>().Get(argument!) is null)
                {
                    console.MarkupLine($"[red]No preset '{Markup.Escape(argument!)}'.[/]");
                }
                else
                {
                    session.Preset = argument;
                    console.MarkupLine($"[grey]Preset is now {Markup.Escape(argument!)}.[/]");
                }

                break;
            default:
                console.MarkupLine($"[red]Unknown command {Markup.Escape(parts[0])}.[/] Type /help.");
                break;
        }

        return true;
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        if (_run is { } run)
        {
            // Stop the run; the loop keeps what happened so far and the feedback prompt follows.
            Volatile.Write(ref _stoppedByUser, 1);
            run.Cancel();
            return;
        }

        // At the prompt: leave cleanly, saving the conversation and stopping background jobs and teammates.
        console.WriteLine();
        agent.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Environment.Exit(0);
    }

    /// <summary>Remembers the plan a plan-mode run handed over.</summary>
    private sealed class PlanWatcher : IAgentEventSink
    {
        public string? Plan { get; private set; }

        public ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default)
        {
            if (agentEvent is PlanReadyEvent ready)
            {
                Plan = ready.Plan;
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class CompositeSink(IAgentEventSink first, IAgentEventSink second) : IAgentEventSink
    {
        public async ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default)
        {
            await first.EmitAsync(agentEvent, cancellationToken).ConfigureAwait(false);
            await second.EmitAsync(agentEvent, cancellationToken).ConfigureAwait(false);
        }
    }
}
