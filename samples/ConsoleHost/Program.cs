using System;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Samples.ConsoleHost;
using OpenAgent.Samples.Shared;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var services = new ServiceCollection();
services.AddSingleton<IConfiguration>(configuration);
services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var model = services.AddSampleModels(configuration);
services.AddOpenAgent()
    .AddFunction(AIFunctionFactory.Create(NotesTools.ListWorkspace, "list_workspace"), isReadOnly: true);

await using var provider = services.BuildServiceProvider();
var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("ConsoleHost");
HostLog.ModelChosen(logger, model);

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

await using var session = provider.GetRequiredService<AgentSessionFactory>().CreateSession();
var prompt = args.Length > 0 ? string.Join(' ', args) : "Show me what you can do.";
Console.WriteLine($"workspace: {session.WorkspacePath}");
Console.WriteLine($"> {prompt}\n");

var exitCode = 0;
await foreach (var e in session.RunStreamingAsync(prompt, cancel.Token))
{
    switch (e)
    {
        case TextDeltaEvent delta:
            Console.Write(delta.Content);
            break;
        case ToolCallEvent call:
            Console.WriteLine($"\n  -> {call.Tool} {call.Input.GetRawText()}");
            break;
        case ToolResultEvent result:
            Console.WriteLine($"  <- {result.Tool}: {result.Result.Split('\n').FirstOrDefault()}");
            break;
        case TodoUpdateEvent todos:
            Console.WriteLine("  todo: " + string.Join(" | ", todos.Todos.Select(t => (t.Status == "completed" ? "[x] " : t.Status == "in_progress" ? "[>] " : "[ ] ") + t.Content)));
            break;
        case DoneEvent done:
            Console.WriteLine($"\n[done] {done.Usage.InputTokens} input + {done.Usage.OutputTokens} output tokens; files: {string.Join(", ", done.Files.Select(f => f.Path))}");
            break;
        case ErrorEvent error:
            Console.Error.WriteLine($"\n[error] {error.Message}");
            exitCode = 1;
            break;
    }
}

return exitCode;
