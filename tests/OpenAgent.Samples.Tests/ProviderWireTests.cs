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
using OpenAgent.Core.Events;
using OpenAgent.Samples.Shared;
using Xunit;

namespace OpenAgent.Samples.Tests;

/// <summary>
/// The real provider SDKs, through the real loop, against a local server speaking their real streaming wire formats.
/// </summary>
public sealed class ProviderWireTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> OpenAIConfig(FakeProviderServer server) => new()
    {
        ["OpenAgent:Model:Provider"] = "openai",
        ["OpenAgent:Model:Endpoint"] = server.BaseUrl + "/v1",
        ["OpenAgent:Model:ApiKey"] = "sk-test-not-real",
        ["OpenAgent:Model:Name"] = "gpt-test",
    };

    private static Dictionary<string, string?> AnthropicConfig(FakeProviderServer server) => new()
    {
        ["OpenAgent:Model:Provider"] = "anthropic",
        ["OpenAgent:Model:Endpoint"] = server.BaseUrl,
        ["OpenAgent:Model:ApiKey"] = "sk-ant-test-not-real",
        ["OpenAgent:Model:Name"] = "claude-test",
    };

    [Fact]
    public async Task OpenAI_a_streamed_tool_call_runs_the_real_tool_and_its_result_goes_back_in_the_next_request()
    {
        await using var server = await FakeProviderServer.StartAsync("/v1/chat/completions");
        server.Enqueue(OpenAISse.ToolCall("call_abc", "read_file", """{"path": "note.txt"}""", prompt: 300, completion: 20))
              .Enqueue(OpenAISse.Text("The note says: hello from disk.", prompt: 350, completion: 9));
        await using var agent = new SampleAgent(OpenAIConfig(server));
        await File.WriteAllTextAsync(Path.Combine(agent.Workspace, "note.txt"), "hello from disk", Ct);

        var result = await agent.RunAsync("What does note.txt say?", Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal("openai", agent.Model.Provider);
        var call = Assert.Single(agent.Events.OfType<ToolCallEvent>());
        Assert.Equal("read_file", call.Tool);
        Assert.Equal("note.txt", call.Input.GetProperty("path").GetString());
        Assert.Contains("hello from disk", Assert.Single(agent.Events.OfType<ToolResultEvent>()).Result, StringComparison.Ordinal);
        Assert.Equal("The note says: hello from disk.", string.Concat(agent.Events.OfType<TextDeltaEvent>().Select(e => e.Content)));
        Assert.Equal(new AgentUsage(650, 29), agent.Events.OfType<DoneEvent>().Single().Usage);

        Assert.Equal(2, server.Requests.Count);
        var first = server.Requests[0];
        Assert.Equal("gpt-test", first.GetProperty("model").GetString());
        Assert.True(first.GetProperty("stream").GetBoolean());
        Assert.Contains(first.GetProperty("tools").EnumerateArray(), t => t.GetProperty("function").GetProperty("name").GetString() == "read_file");
        var second = server.Requests[1].GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user", "assistant", "tool"], second.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("call_abc", second[2].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("call_abc", second[3].GetProperty("tool_call_id").GetString());
        Assert.Contains("hello from disk", second[3].GetProperty("content").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAI_a_429_is_retried_after_the_jittered_backoff_and_the_run_succeeds()
    {
        await using var server = await FakeProviderServer.StartAsync("/v1/chat/completions");
        server.Enqueue(OpenAISse.Error(429, "Rate limit reached"))
              .Enqueue(OpenAISse.Text("fine now"));
        await using var agent = new SampleAgent(OpenAIConfig(server));

        var result = await agent.RunAsync("hi", Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(2, server.Requests.Count);
        var wait = Assert.Single(agent.Time.Waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(agent.Events, e => e is ErrorEvent);
    }

    [Fact]
    public async Task OpenAI_a_Retry_After_header_sets_the_wait()
    {
        await using var server = await FakeProviderServer.StartAsync("/v1/chat/completions");
        server.Enqueue(OpenAISse.Error(429, "Slow down", new Dictionary<string, string> { ["retry-after"] = "7" }))
              .Enqueue(OpenAISse.Error(503, "Overloaded", new Dictionary<string, string> { ["Retry-After"] = "3" }))
              .Enqueue(OpenAISse.Text("ok"));
        await using var agent = new SampleAgent(OpenAIConfig(server));

        var result = await agent.RunAsync("hi", Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(3)], agent.Time.Waits);
    }

    [Fact]
    public async Task OpenAI_a_stream_cut_after_its_first_chunk_is_not_retried_reports_an_error_and_leaves_a_usable_history()
    {
        await using var server = await FakeProviderServer.StartAsync("/v1/chat/completions");
        var firstText = new TaskCompletionSource();

        // The role chunk, then one text chunk; the connection drops once the agent has streamed that text.
        server.Enqueue(OpenAISse.Text("This reply will be cut off somewhere in the middle.") with { CutAfter = 2, CutWhen = firstText.Task })
              .Enqueue(OpenAISse.Text("Second try works."));
        await using var agent = new SampleAgent(OpenAIConfig(server));
        agent.OnEvent = e =>
        {
            if (e is TextDeltaEvent)
            {
                firstText.TrySetResult();
            }
        };

        var failed = await agent.RunAsync("first", Ct);

        Assert.Equal(AgentRunStatus.Failed, failed.Status);
        Assert.Single(server.Requests);
        Assert.Empty(agent.Time.Waits);
        Assert.Equal("This rep", string.Concat(agent.Events.OfType<TextDeltaEvent>().Select(e => e.Content)));
        Assert.Contains("model call failed", agent.Events.OfType<ErrorEvent>().Single().Message, StringComparison.OrdinalIgnoreCase);

        var next = await agent.RunAsync("second", Ct);

        Assert.Equal(AgentRunStatus.Completed, next.Status);
        var roles = server.Requests[1].GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()).ToList();
        Assert.Equal("system", roles[0]);
        Assert.Equal("user", roles[^1]);
        Assert.DoesNotContain(agent.Session.History, m => m.Contents.OfType<FunctionCallContent>().Any());
    }

    [Fact]
    public async Task Anthropic_a_streamed_tool_use_runs_the_real_tool_and_the_tool_result_goes_back()
    {
        await using var server = await FakeProviderServer.StartAsync("/v1/messages");
        server.Enqueue(AnthropicSse.ToolUse("toolu_01", "bash", """{"command": "echo wired-through"}""", input: 400, output: 30))
              .Enqueue(AnthropicSse.Text("The shell printed wired-through.", input: 450, output: 8));
        await using var agent = new SampleAgent(AnthropicConfig(server));

        var result = await agent.RunAsync("run it", Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal("anthropic", agent.Model.Provider);
        Assert.Contains("wired-through", Assert.Single(agent.Events.OfType<ToolResultEvent>()).Result, StringComparison.Ordinal);
        Assert.Equal("Let me look.The shell printed wired-through.", string.Concat(agent.Events.OfType<TextDeltaEvent>().Select(e => e.Content)));
        Assert.Equal(new AgentUsage(850, 38), agent.Events.OfType<DoneEvent>().Single().Usage);

        var first = server.Requests[0];
        Assert.Equal("claude-test", first.GetProperty("model").GetString());
        Assert.Contains(first.GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "bash");
        var messages = server.Requests[1].GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        var toolResult = messages[2].GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "tool_result");
        Assert.Equal("toolu_01", toolResult.GetProperty("tool_use_id").GetString());
        Assert.Contains("wired-through", toolResult.GetProperty("content").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anthropic_a_429_with_retry_after_then_a_529_are_retried_and_the_run_succeeds()
    {
        await using var server = await FakeProviderServer.StartAsync("/v1/messages");
        server.Enqueue(AnthropicSse.Error(429, "rate_limit_error", "Too many requests", new Dictionary<string, string> { ["retry-after"] = "5" }))
              .Enqueue(AnthropicSse.Error(529, "overloaded_error", "Overloaded"))
              .Enqueue(AnthropicSse.Text("made it"));
        await using var agent = new SampleAgent(AnthropicConfig(server));

        var result = await agent.RunAsync("hi", Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(5), agent.Time.Waits[0]);
        Assert.InRange(agent.Time.Waits[1], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task A_notice_after_tool_results_goes_out_as_a_user_message_and_the_request_ends_with_it(string provider)
    {
        // What a turn hook leaves (background results, team mail): tool results, then a user notice, no assistant reply.
        await using var server = await FakeProviderServer.StartAsync(provider == "openai" ? "/v1/chat/completions" : "/v1/messages");
        server.Enqueue(provider == "openai" ? OpenAISse.Text("Seen.") : AnthropicSse.Text("Seen."));
        var settings = provider == "openai" ? OpenAIConfig(server) : AnthropicConfig(server);
        var services = new ServiceCollection();
        services.AddSampleModels(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var provided = services.BuildServiceProvider();
        var client = provided.GetRequiredService<IChatClient>();
        List<ChatMessage> history =
        [
            new(ChatRole.User, "build it"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "read_file", new Dictionary<string, object?> { ["path"] = "a.txt" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "contents of a.txt")]),
            new(ChatRole.User, "<background-results>\n[bg:1] completed: ok\n</background-results>"),
        ];

        var reply = await client.GetStreamingResponseAsync(history, cancellationToken: Ct).ToChatResponseAsync(Ct);

        Assert.Equal("Seen.", reply.Text);
        var messages = Assert.Single(server.Requests).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("user", messages[^1].GetProperty("role").GetString());
        Assert.Contains("<background-results>", messages[^1].GetProperty("content").ToString(), StringComparison.Ordinal);
        Assert.Contains(messages, m => m.ToString().Contains("contents of a.txt", StringComparison.Ordinal));
    }
}
