using System;
using System.Linq;
using Microsoft.Extensions.AI;
using OpenAgent.Testing;

namespace OpenAgent.Samples.ConsoleHost;

/// <summary>
/// The offline demo model: a deterministic script, clearly labelled, that drives a short real episode through the
/// real loop and real tools. It is not a language model and never pretends to be one.
/// </summary>
internal static class DemoModel
{
    public const string Label = "[offline demo model: no real model is configured]";

    public static IChatClient Create() => new ScriptedChatClient()
        .Enqueue(_ => ScriptedTurn
            .Text(Label, "\n", "I will show what an agent run looks like: think, write a file, read the workspace back, report.\n")
            .WithToolCall("think", new { thought = "Plan: save a note with save_note, then list the workspace to check it is there." })
            .WithUsage(420, 60))
        .Enqueue(_ => ScriptedTurn
            .ToolCall("save_note", new
            {
                title = "hello-agent",
                text = $"# Hello from OpenAgent.Core\n\nWritten by the offline demo at {DateTimeOffset.Now:u}.\n",
            })
            .WithUsage(510, 70))
        .Enqueue(_ => ScriptedTurn.ToolCall("list_workspace").WithUsage(560, 20))
        .Enqueue(request =>
        {
            // Read the real tool output back from the conversation, as a model would.
            var results = request.ToolResults;
            var listing = results.Count > 0 ? results[^1].Result?.ToString() ?? "(nothing)" : "(nothing)";
            return ScriptedTurn.Text(
                    "Done. The workspace now holds:\n",
                    string.Join("\n", listing.Split('\n').Select(line => "  - " + line)),
                    "\n\nTo talk to a real model, register any IChatClient (OpenAI, Anthropic, Ollama, ...) in Program.cs ",
                    "instead of DemoModel.Create().\n")
                .WithUsage(620, 90);
        });
}
