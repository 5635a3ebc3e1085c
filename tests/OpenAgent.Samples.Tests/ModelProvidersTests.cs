using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.DependencyInjection;
using OpenAgent.Core.Events;
using OpenAgent.Samples.Shared;
using Xunit;

namespace OpenAgent.Samples.Tests;

public sealed class ModelProvidersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_model_drives_a_real_episode_labelled_as_a_demo_and_says_how_to_configure_a_real_model()
    {
        await using var agent = new SampleAgent(new Dictionary<string, string?> { ["OpenAgent:Model:Provider"] = "demo" });

        var result = await agent.RunAsync("Show me what you can do.", Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.True(agent.Model.IsDemo);
        var text = string.Concat(agent.Events.OfType<TextDeltaEvent>().Select(e => e.Content));
        Assert.StartsWith(DemoChatClient.Label, text, StringComparison.Ordinal);
        Assert.Contains("OpenAgent:Model:Provider", text, StringComparison.Ordinal);
        Assert.Equal(["todo_write", "write_file", "todo_complete", "bash", "todo_complete", "read_file", "todo_complete"],
            agent.Events.OfType<ToolCallEvent>().Select(c => c.Tool));

        // Real tools ran: the file is on disk, the shell's real output came back, and every todo ended completed.
        var written = await File.ReadAllTextAsync(Path.Combine(agent.Workspace, "hello.md"), Ct);
        Assert.StartsWith("# Hello from OpenAgent.Core", written, StringComparison.Ordinal);
        Assert.Contains("3 hello.md", agent.Events.OfType<ToolResultEvent>().Single(r => r.Tool == "bash").Result, StringComparison.Ordinal);
        Assert.All(agent.Events.OfType<TodoUpdateEvent>().Last().Todos, t => Assert.Equal("completed", t.Status));
        Assert.Contains("hello.md", agent.Events.OfType<DoneEvent>().Single().Files.Select(f => f.Path));
    }

    [Fact]
    public async Task The_demo_model_serves_many_conversations_at_once_and_answers_follow_ups_without_pretending()
    {
        await using var first = new SampleAgent(new Dictionary<string, string?> { ["OpenAgent:Model:Provider"] = "demo" });
        await using var second = new SampleAgent(new Dictionary<string, string?> { ["OpenAgent:Model:Provider"] = "demo" });

        var results = await Task.WhenAll(first.RunAsync("go", Ct), second.RunAsync("go", Ct));
        first.Events.Clear();
        var followUp = await first.RunAsync("and now?", Ct);

        Assert.All(results, r => Assert.Equal(AgentRunStatus.Completed, r.Status));
        Assert.True(File.Exists(Path.Combine(second.Workspace, "hello.md")));
        Assert.Equal(AgentRunStatus.Completed, followUp.Status);
        Assert.Empty(first.Events.OfType<ToolCallEvent>());
        Assert.Contains("offline demo", string.Concat(first.Events.OfType<TextDeltaEvent>().Select(e => e.Content)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scripted_provider_plays_a_JSON_script_file_through_the_loop()
    {
        var script = Path.Combine(Path.GetTempPath(), $"script-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(script, """
            {
              "turns": [
                { "text": "Writing it.", "tool_calls": [ { "name": "write_file", "arguments": { "path": "out.txt", "content": "scripted" } } ],
                  "usage": { "input_tokens": 100, "output_tokens": 10 } },
                { "text": ["All ", "done."], "usage": { "input_tokens": 120, "output_tokens": 4 } }
              ]
            }
            """, Ct);
        try
        {
            await using var agent = new SampleAgent(new Dictionary<string, string?>
            {
                ["OpenAgent:Model:Provider"] = "scripted",
                ["OpenAgent:Model:ScriptPath"] = script,
            });

            var result = await agent.RunAsync("write it", Ct);

            Assert.Equal(AgentRunStatus.Completed, result.Status);
            Assert.Equal("scripted", await File.ReadAllTextAsync(Path.Combine(agent.Workspace, "out.txt"), Ct));
            Assert.Equal("Writing it.All done.", string.Concat(agent.Events.OfType<TextDeltaEvent>().Select(e => e.Content)));
            Assert.Equal(new AgentUsage(220, 14), result.Usage);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Theory]
    [InlineData("gemini", "Unknown model provider 'gemini'")]
    [InlineData("scripted", "needs a script")]
    public void Bad_settings_fail_with_a_message_that_says_what_to_set(string provider, string expected)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ModelProviders.Create(new ModelSettings { Provider = provider }));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_script_file_and_a_bad_endpoint_are_clear_errors()
    {
        var missing = Assert.Throws<FileNotFoundException>(() =>
            ModelProviders.Create(new ModelSettings { Provider = "scripted", ScriptPath = "/nonexistent/script.json" }));
        Assert.Contains("/nonexistent/script.json", missing.Message, StringComparison.Ordinal);

        var endpoint = Assert.Throws<InvalidOperationException>(() =>
            ModelProviders.Create(new ModelSettings { Provider = "openai", Endpoint = "not a url", ApiKey = "k" }));
        Assert.Contains("not an http(s) URL", endpoint.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_description_names_provider_model_and_endpoint_but_never_the_key()
    {
        var choice = ModelProviders.Create(new ModelSettings { Provider = "OpenAI", Name = "qwen3", Endpoint = "http://127.0.0.1:8080/v1", ApiKey = "sk-secret-value-123" });

        Assert.Equal("openai", choice.Provider);
        Assert.Equal("openai qwen3 at http://127.0.0.1:8080/v1", choice.Description);
        Assert.DoesNotContain("sk-secret", choice.Description, StringComparison.Ordinal);
        Assert.NotNull(choice.Client.GetService<IChatClient>());
    }

    [Fact]
    public void Sub_agent_teammate_and_compaction_sections_register_keyed_models_that_inherit_what_they_leave_out()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAgent:Model:Provider"] = "openai",
            ["OpenAgent:Model:Endpoint"] = "http://127.0.0.1:9/v1",
            ["OpenAgent:Model:Name"] = "big",
            ["OpenAgent:Model:Compaction:Name"] = "small",
            ["OpenAgent:Model:Subagent:Provider"] = "demo",
        }).Build();
        var services = new ServiceCollection();
        services.AddSampleModels(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal("big", provider.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Equal("small", provider.GetRequiredKeyedService<IChatClient>(OpenAgentChatClientKeys.Compaction).GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.NotNull(provider.GetRequiredKeyedService<IChatClient>(OpenAgentChatClientKeys.Subagent).GetService<DemoChatClient>());
        Assert.Null(provider.GetKeyedService<IChatClient>(OpenAgentChatClientKeys.Teammate));
    }
}
