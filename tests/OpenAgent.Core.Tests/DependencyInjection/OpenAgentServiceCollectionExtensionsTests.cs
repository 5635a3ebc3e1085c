using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Tools;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.DependencyInjection;

public sealed class OpenAgentServiceCollectionExtensionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Options_bind_from_the_OpenAgent_section_with_the_seed_defaults_elsewhere()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAgent:MaxTurns"] = "12",
            ["OpenAgent:BashTimeout"] = "00:00:30",
            ["OpenAgent:AllowedCommands:0"] = "ls",
            ["OpenAgent:AllowedCommands:1"] = "git",
            ["OpenAgent:EnableMemory"] = "false",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddChatClient(new ScriptedChatClient());
        services.AddOpenAgent();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<OpenAgentOptions>>().Value;

        Assert.Equal(12, options.MaxTurns);
        Assert.Equal(TimeSpan.FromSeconds(30), options.BashTimeout);
        Assert.Equal(["ls", "git"], options.AllowedCommands);
        Assert.False(options.EnableMemory);
        Assert.Equal(200_000, options.MaxTokenBudget);
        Assert.Equal(16_384, options.MaxOutputTokens);
        Assert.Equal(200_000, options.ContextWindow);
        Assert.Equal(0.7, options.CompactThreshold);
        Assert.Equal(3, options.LlmMaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), options.LlmRetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.LlmRetryMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(300), options.BackgroundTimeout);
        Assert.Equal(TimeSpan.FromSeconds(300), options.WorkspaceCleanupDelay);
        Assert.Equal(5, options.MaxTeammates);
        Assert.Equal(("skills", "prompts", "workspace", ".transcripts", "coding", "mcp_servers.json"),
            (options.SkillsDir, options.PromptsDir, options.WorkspaceDir, options.TranscriptDir, options.DefaultPreset, options.McpServersFile));
        Assert.Equal((1.0f, 0.5f, 0.7f, 0.2f), (options.Temperature, options.SubagentTemperature, options.TeammateTemperature, options.CompactTemperature));
    }

    [Fact]
    public async Task A_bad_setting_fails_host_start_up_with_a_message_naming_it()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAgent:MaxTurns"] = "0",
            ["OpenAgent:BashTimeout"] = "60",
        });
        builder.Services.AddChatClient(new ScriptedChatClient());
        builder.Services.AddOpenAgent();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("OpenAgent:MaxTurns must be at least 1 (was 0).", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("OpenAgent:BashTimeout must be at most one day", StringComparison.Ordinal) && f.Contains("00:01:00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_chat_client_fails_start_up_clearly()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOpenAgent();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("no IChatClient is registered", error.Message, StringComparison.Ordinal);
        var resolveError = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<AgentSessionFactory>());
        Assert.Contains("no IChatClient is registered", resolveError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_delegates_apply_after_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OpenAgent:MaxTurns"] = "12" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddChatClient(new ScriptedChatClient());
        services.AddOpenAgent(o => o.MaxTurns = 7).Configure(o => o.ModelId = "m1");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<OpenAgentOptions>>().Value;

        Assert.Equal((7, "m1"), (options.MaxTurns, options.ModelId));
    }

    [Fact]
    public async Task Calling_AddOpenAgent_twice_registers_everything_once()
    {
        await using var h = new AgentHarness(services: s => s.AddOpenAgent());
        await using var session = h.NewSession();

        Assert.Equal(["bash", "read_file", "write_file", "edit_file", "todo_write", "todo_add", "todo_complete", "todo_list", "list_skills", "read_skill", "think", "compact", "enter_plan_mode", "exit_plan_mode", "task_create", "task_get", "task_update", "task_list", "background_run", "check_background", "spawn_teammate", "list_teammates", "send_message", "read_inbox", "broadcast", "shutdown_request", "check_protocol", "plan_review", "task"], session.Tools.Tools.Select(t => t.Name));
        Assert.Single(h.Services.GetServices<AgentSessionFactory>());
    }

    [Fact]
    public async Task Tools_registered_through_DI_get_their_dependencies_and_scoped_tools_live_per_session()
    {
        await using var h = new AgentHarness(
            b => b.AddTool<CounterTool>(ServiceLifetime.Scoped).AddTool<CounterTool>(ServiceLifetime.Scoped),
            services: s => s.AddSingleton(new Prefix("n=")));
        h.Model.EnqueueToolCall("count").EnqueueToolCall("count").EnqueueText("x").EnqueueToolCall("count").EnqueueText("y");
        await using var first = h.NewSession();
        await using var second = h.NewSession();

        await first.RunAsync("go", AgentEventSink.Null, Ct);
        await second.RunAsync("go", AgentEventSink.Null, Ct);

        Assert.Equal(["n=1", "n=2"], h.Model.Requests.Take(3).SelectMany(r => r.LastMessage!.Contents).OfType<FunctionResultContent>().Select(r => r.Result));
        Assert.Equal("n=1", h.Model.Requests[4].ToolResults[^1].Result);
        Assert.Single(first.Tools.Tools, t => t.Name == "count");
    }

    [Fact]
    public async Task Two_tools_with_one_name_are_a_clear_error_when_a_session_opens()
    {
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("think", "mine")));

        var error = Assert.Throws<ArgumentException>(() => h.NewSession());

        Assert.Contains("Two tools are named 'think'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentSession_can_be_injected_into_session_scoped_services()
    {
        await using var h = new AgentHarness(services: s => s.AddScoped<NeedsSession>());
        await using var session = h.NewSession();

        Assert.Same(session, session.Services.GetRequiredService<NeedsSession>().Session);
        using var strayScope = h.Services.CreateScope();
        Assert.Throws<InvalidOperationException>(() => strayScope.ServiceProvider.GetRequiredService<NeedsSession>());
    }

    [Fact]
    public async Task A_new_session_gets_a_12_hex_id_and_its_workspace_is_created()
    {
        await using var h = new AgentHarness();
        var path = System.IO.Path.Combine(h.Workspace.Path, "nested", "ws");
        await using var session = h.NewSession(new AgentSessionOptions { WorkspacePath = path });

        Assert.Matches("^[0-9a-f]{12}$", session.Id);
        Assert.True(System.IO.Directory.Exists(path));
        Assert.Equal("coding", session.Preset);
    }

    public sealed record Prefix(string Value);

    public sealed class NeedsSession(AgentSession session)
    {
        public AgentSession Session { get; } = session;
    }

    public sealed class CounterTool(Prefix prefix) : IToolHandler
    {
        private int _count;

        public string Name => "count";

        public string Description => "Counts calls in this session.";

        public JsonElement InputSchema { get; } = JsonElement.Parse("""{"type":"object"}""");

        public bool IsReadOnly => false;

        public ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ToolResult.Success(prefix.Value + Interlocked.Increment(ref _count)));
    }
}
