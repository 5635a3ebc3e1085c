using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Samples.ConsoleHost;
using OpenAgent.Samples.Shared;
using Spectre.Console;

// Flags first: a bad one is a clear message and exit code 2, before anything starts.
var parsed = CommandLine.Root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"openagent: {error.Message}");
    }

    Console.Error.WriteLine("Run 'openagent --help' for the options.");
    return 2;
}

if (parsed.Action is not null && parsed.CommandResult.Command == CommandLine.Root && args.Any(a => a is "--help" or "-h" or "-?" or "--version"))
{
    return await parsed.InvokeAsync();
}

// Settings: appsettings.json beside the program, then OpenAgent__* variables, then the flags.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
builder.Configuration.AddInMemoryCollection(CommandLine.ToConfiguration(parsed));
builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddSingleton<IHostLifetime, TerminalLifetime>();

// The agent works directly in the workspace folder: ./workspace by default, '.' for where you stand.
var workspace = Path.GetFullPath(builder.Configuration["OpenAgent:WorkspaceDir"] is { Length: > 0 } dir ? dir : "workspace");
builder.Configuration["OpenAgent:WorkspaceDir"] = workspace;
Directory.CreateDirectory(Path.Combine(workspace, ".agent"));

ModelChoice model;
try
{
    model = builder.Services.AddSampleModels(builder.Configuration);
}
catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or FormatException)
{
    Console.Error.WriteLine($"openagent: {ex.Message}");
    return 2;
}

builder.Services.AddOpenAgent()
    .AddFunction(AIFunctionFactory.Create(NotesTools.ListWorkspace, "list_workspace"), isReadOnly: true)
    .AddEntityFrameworkStore(o => o.ConnectionString = $"Data Source={Path.Combine(workspace, ".agent", "conversations.db")}");

using var host = builder.Build();
await host.StartAsync();
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("openagent");
HostLog.ModelChosen(logger, model);

var console = AnsiConsole.Console;
var prompt = parsed.GetValue(CommandLine.Prompt);
var approver = parsed.GetValue(CommandLine.Approval) ? new ConsoleApprover(console, Console.In) : null;
var sessionOptions = new AgentSessionOptions { ApprovalEnabled = approver is not null, PlanMode = parsed.GetValue(CommandLine.Plan), Approver = approver };
var agent = new AgentConsole(host.Services, model.Description, sessionOptions, approver,
    updateMemory: model.Provider is not (ModelProviders.Demo or ModelProviders.Scripted));
int exitCode;
try
{
    if (parsed.GetValue(CommandLine.Resume) is { } resume)
    {
        agent.Start();
        if (!await agent.ResumeAsync(resume))
        {
            Console.Error.WriteLine($"openagent: no saved conversation '{resume}' in {workspace}.");
            return 1;
        }
    }
    else
    {
        agent.Start();
    }

    if (prompt is not null)
    {
        // One-shot: the final answer (or every event as JSON) on stdout; failures on stderr with a non-zero exit code.
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        IAgentEventSink sink = parsed.GetValue(CommandLine.Json) ? new JsonLinesSink(Console.Out) : AgentEventSink.Null;
        var result = await agent.RunAsync(prompt, sink, cancel.Token);
        if (result.Status == AgentRunStatus.Completed)
        {
            if (!parsed.GetValue(CommandLine.Json))
            {
                var answer = agent.Session.History.LastOrDefault(m => m.Role == ChatRole.Assistant && m.Text.Length > 0)?.Text ?? string.Empty;
                Console.Out.WriteLine(answer.Trim());
            }

            exitCode = 0;
        }
        else
        {
            Console.Error.WriteLine($"openagent: {result.ErrorMessage ?? result.Status.ToString()}");
            exitCode = 1;
        }
    }
    else
    {
        using var renderer = new EventRenderer(console);
        agent.Renderer = renderer;
        exitCode = await new Repl(agent, console, Console.In).RunAsync();
    }
}
finally
{
    await agent.DisposeAsync();
    await host.StopAsync();
}

return exitCode;
