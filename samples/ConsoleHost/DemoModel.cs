using System;
using Microsoft.Extensions.AI;
using OpenAgent.Testing;

namespace OpenAgent.Samples.ConsoleHost;

/// <summary>
/// The offline demo model: a deterministic script, clearly labelled, that drives a short real episode through the
/// real loop and real tools (todo list, a file written, a shell command run and its output read back, the app's own
/// tool). It is not a language model and never pretends to be one.
/// </summary>
internal static class DemoModel
{
    public const string Label = "[offline demo model: no real model is configured]";

    private static readonly object[] Plan =
    [
        new { content = "Write a hello file", status = "in_progress", activeForm = "Writing a hello file" },
        new { content = "Check it with the shell", status = "pending", activeForm = "Checking it with the shell" },
        new { content = "Report", status = "pending", activeForm = "Reporting" },
    ];

    public static IChatClient Create() => new ScriptedChatClient()
        .Enqueue(_ => ScriptedTurn
            .Text(Label, "\n", "I will show what an agent run looks like: plan, write a file, check it with the shell, report.\n")
            .WithToolCall("todo_write", new { items = Plan })
            .WithUsage(420, 60))
        .Enqueue(_ => ScriptedTurn
            .ToolCall("write_file", new
            {
                path = "hello.md",
                content = $"# Hello from OpenAgent.Core\n\nWritten by the offline demo at {DateTimeOffset.Now:u}.\n",
            })
            .WithToolCall("todo_complete", new { content = "Write a hello file" })
            .WithUsage(510, 70))
        .Enqueue(_ => ScriptedTurn.ToolCall("bash", new { command = "wc -l hello.md && head -n 1 hello.md" }).WithUsage(560, 20))
        .Enqueue(request =>
        {
            // Read the real shell output back from the conversation, as a model would.
            var results = request.ToolResults;
            var shell = results.Count > 0 ? results[^1].Result?.ToString() ?? "(nothing)" : "(nothing)";
            return ScriptedTurn.Text("The shell says:\n", shell, "\n")
                .WithToolCall("list_workspace")
                .WithUsage(590, 40);
        })
        .Enqueue(request =>
        {
            var results = request.ToolResults;
            var listing = results.Count > 0 ? results[^1].Result?.ToString() ?? "(nothing)" : "(nothing)";
            return ScriptedTurn.Text(
                    "Done. The workspace now holds: ", listing.Replace("\n", ", ", StringComparison.Ordinal), ".\n\n",
                    "To talk to a real model, register any IChatClient (OpenAI, Anthropic, Ollama, ...) in Program.cs ",
                    "instead of DemoModel.Create().\n")
                .WithUsage(620, 90);
        });
}
