using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Events;
using Spectre.Console;

namespace OpenAgent.Samples.ConsoleHost;

/// <summary>Shows a run's events in the terminal: streamed text, compact tool lines, sub-agents, teammates, usage.</summary>
internal sealed class EventRenderer(IAnsiConsole console) : IAgentEventSink, IDisposable
{
    private readonly Spinner _spinner = new();
    private bool _inText;

    /// <summary>Shows the spinner until the next event: the model is thinking.</summary>
    public void Working() => _spinner.Start();

    public void Dispose() => _spinner.Dispose();

    public ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default)
    {
        _spinner.Stop();
        switch (agentEvent)
        {
            case TextDeltaEvent delta:
                console.Write(new Text(delta.Content));
                _inText = true;
                break;
            case ToolCallEvent call:
                Line($"[grey]-> {Markup.Escape(call.Tool)}[/] [grey]{Markup.Escape(Shorten(call.Input.GetRawText(), 120))}[/]");
                _spinner.Start();
                break;
            case ToolResultEvent result:
                Line($"[grey]<- {Markup.Escape(result.Tool)}: {Markup.Escape(Shorten(result.Result.Split('\n')[0], 120))}[/]");
                _spinner.Start();
                break;
            case TodoUpdateEvent todos:
                Line("[blue]todo[/] " + Markup.Escape(string.Join(" | ", todos.Todos.Select(t =>
                    (t.Status == "completed" ? "[x] " : t.Status == "in_progress" ? "[>] " : "[ ] ") + t.Content))));
                break;
            case TaskUpdateEvent tasks:
                Line($"[blue]tasks[/] {tasks.Tasks.Count(t => t.Status == "completed")}/{tasks.Tasks.Count} completed");
                break;
            case SubagentStartEvent start:
                Line($"[magenta]sub-agent {Markup.Escape(start.AgentType)}[/] {Markup.Escape(start.Task)}");
                break;
            case SubagentEndEvent end:
                Line($"[magenta]sub-agent done[/] ({end.ToolCount} tools, {end.Elapsed:0.0} s)");
                break;
            case TeammateStatusEvent teammate:
                Line($"[magenta]teammate {Markup.Escape(teammate.Name)}[/] ({Markup.Escape(teammate.Role)}): {teammate.Status}");
                break;
            case CompactEvent compact:
                Line($"[yellow]{Markup.Escape(compact.Message)}[/]");
                break;
            case BackgroundResultEvent background:
                Line($"[blue]background[/] {background.Notifications.Count} job(s) finished");
                break;
            case PlanReadyEvent plan:
                Line("[green]Plan ready:[/]");
                console.WriteLine(plan.Plan);
                break;
            case InterruptedEvent:
                Line("[yellow]interrupted[/]");
                break;
            case DoneEvent done:
                Line($"[grey]{done.Usage.InputTokens:N0} input + {done.Usage.OutputTokens:N0} output tokens[/]");
                break;
            case ErrorEvent error:
                Line($"[red]{Markup.Escape(error.Message)}[/]");
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void Line(string markup)
    {
        if (_inText)
        {
            console.WriteLine();
            _inText = false;
        }

        console.MarkupLine(markup);
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 3)] + "...";
}

/// <summary>Writes every event as one JSON line (the wire format), for scripts.</summary>
internal sealed class JsonLinesSink(TextWriter output) : IAgentEventSink
{
    public async ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default)
    {
        await output.WriteLineAsync(agentEvent.ToJson().AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
