using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAgent.Testing;

namespace OpenAgent.Samples.Shared;

/// <summary>
/// The offline demo model: not a language model, and it says so. It drives one short, real episode through the real loop
/// and real tools (a todo list, a file written, a shell command run and its output read back, the file read, a summary
/// that says how to configure a real model), so a first run with no key shows the whole pipeline.
/// </summary>
/// <remarks>
/// It keeps no state: each reply is chosen from the conversation it is sent, so any number of conversations can use one
/// instance. Later messages in a conversation get a short reminder of what it is.
/// </remarks>
public sealed class DemoChatClient : IChatClient
{
    /// <summary>The label that starts its first reply.</summary>
    public const string Label = "[offline demo model: no real model is configured]";

    private const string HowToConfigure =
        "To use a real model, set `OpenAgent:Model:Provider` (anthropic, openai or ollama) and its key, for example " +
        "`export ANTHROPIC_API_KEY=...`, or `OpenAgent__Model__Provider=openai` with `OpenAgent__Model__Endpoint=http://127.0.0.1:8080/v1` " +
        "for any OpenAI-compatible server. See docs/model-providers.md.";

    private static readonly object[] Plan =
    [
        new { content = "Write a hello file", status = "in_progress", activeForm = "Writing a hello file" },
        new { content = "Check it with the shell", status = "pending", activeForm = "Checking it with the shell" },
        new { content = "Read it back", status = "pending", activeForm = "Reading it back" },
    ];

    private readonly ChatClientMetadata _metadata = new("demo", null, "offline-demo");

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var player = new ScriptedChatClient(NextTurn([.. messages], options));
        await foreach (var update in player.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static ScriptedTurn NextTurn(List<ChatMessage> messages, ChatOptions? options)
    {
        var lastUser = messages.FindLastIndex(m => m.Role == ChatRole.User && !m.Contents.OfType<FunctionResultContent>().Any());
        var earlier = messages.Take(Math.Max(lastUser, 0)).Any(m => m.Role == ChatRole.Assistant);
        var step = messages.Skip(lastUser + 1).Count(m => m.Role == ChatRole.Assistant);
        var offered = options?.Tools?.Select(t => t.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var canWork = offered.Contains("todo_write") && offered.Contains("write_file") && offered.Contains("bash") && offered.Contains("read_file");

        if (earlier || !canWork)
        {
            return ScriptedTurn.Text(Label, "\n", "I can only play one scripted demo per conversation, and I don't read what you write. ", HowToConfigure, "\n")
                .WithUsage(300, 60);
        }

        return step switch
        {
            0 => ScriptedTurn.Text(Label, "\n", "I'll show what an agent run looks like: plan, write a file, check it with the shell, report.\n")
                .WithToolCall("todo_write", new { items = Plan })
                .WithUsage(420, 60),
            1 => ScriptedTurn.ToolCall("write_file", new
                {
                    path = "hello.md",
                    content = $"# Hello from OpenAgent.Core\n\nWritten by the offline demo model at {DateTimeOffset.UtcNow:u}.\n",
                })
                .WithToolCall("todo_complete", new { content = "Write a hello file" })
                .WithUsage(510, 70),
            2 => ScriptedTurn.ToolCall("bash", new { command = "wc -l hello.md && head -n 1 hello.md" }).WithUsage(560, 20),
            3 => ScriptedTurn.Text("The shell says:\n", LastToolResult(messages), "\n")
                .WithToolCall("todo_complete", new { content = "Check it with the shell" })
                .WithToolCall("read_file", new { path = "hello.md" })
                .WithUsage(590, 40),
            4 => ScriptedTurn.ToolCall("todo_complete", new { content = "Read it back" }).WithUsage(640, 20),
            _ => ScriptedTurn.Text(
                    "Done. I planned the work as a todo list, wrote `hello.md`, ran a shell command on it and read it back:\n\n",
                    ReadBack(messages), "\n\n",
                    "Everything above went through the real agent loop and real tools. ", HowToConfigure, "\n")
                .WithUsage(620, 90),
        };
    }

    private static string ReadBack(List<ChatMessage> messages)
    {
        var read = messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().LastOrDefault(c => c.Name == "read_file");
        var result = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault(r => r.CallId == read?.CallId);
        return result?.Result?.ToString()?.Trim() ?? "(nothing)";
    }

    private static string LastToolResult(List<ChatMessage> messages)
    {
        var result = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault();
        return result?.Result?.ToString()?.Trim() ?? "(nothing)";
    }
}
