using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Llm;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Llm;

public sealed class AgentTracingChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_traced_run_reports_each_call_as_a_request_and_response_pair_numbered_from_one()
    {
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("probe", "probe says hi")), o => o.ModelId = "model-x");
        h.Model.Enqueue(ScriptedTurn.ToolCall("probe", new { path = "a.txt" }, "call_1").WithUsage(120, 7))
               .Enqueue(ScriptedTurn.Text("all done").WithUsage(150, 3));
        await using var session = h.NewSession(new AgentSessionOptions { TracingEnabled = true });

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(
            ["llm_request", "llm_response", "tool_call", "tool_result", "llm_request", "text_delta", "llm_response", "done"],
            h.Sink.Types);
        var requests = h.Sink.OfType<LlmRequestEvent>();
        var responses = h.Sink.OfType<LlmResponseEvent>();
        Assert.Equal([1, 2], requests.Select(r => r.Seq));
        Assert.Equal([1, 2], responses.Select(r => r.Seq));

        var first = requests[0];
        Assert.Equal("model-x", first.Model);
        Assert.Contains("workspace", first.System, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, first.MessageCount);
        Assert.Equal("go", first.Messages[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(first.ToolCount, first.Tools.GetArrayLength());
        Assert.Contains(first.Tools.EnumerateArray(), t => t.GetProperty("name").GetString() == "probe");

        Assert.False(responses[0].Done);
        var call = Assert.Single(responses[0].ToolCalls.EnumerateArray());
        Assert.Equal("probe", call.GetProperty("name").GetString());
        Assert.Equal("a.txt", call.GetProperty("input").GetProperty("path").GetString());
        Assert.Equal(new AgentUsage(120, 7), responses[0].Usage);

        // The second request carries the tool call and its result.
        Assert.Equal(3, requests[1].MessageCount);
        Assert.Contains("probe says hi", requests[1].Messages.GetRawText(), StringComparison.Ordinal);
        Assert.True(responses[1].Done);
        Assert.Equal("all done", responses[1].Content[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Sequence_numbers_continue_across_runs_of_a_session_and_untraced_sessions_report_nothing()
    {
        await using var h = new AgentHarness();
        h.Model.EnqueueText("one").EnqueueText("two").EnqueueText("three");
        await using var traced = h.NewSession(new AgentSessionOptions { TracingEnabled = true });
        await using var plain = h.NewSession();

        await traced.RunAsync("a", h.Sink, Ct);
        await traced.RunAsync("b", h.Sink, Ct);
        var untraced = new RecordingSink();
        await plain.RunAsync("c", untraced, Ct);

        Assert.Equal([1, 2], h.Sink.OfType<LlmRequestEvent>().Select(e => e.Seq));
        Assert.Empty(untraced.OfType<LlmRequestEvent>());
        Assert.Empty(untraced.OfType<LlmResponseEvent>());
    }

    [Fact]
    public async Task Secrets_in_messages_tool_arguments_and_replies_are_masked_and_environment_secret_values_too()
    {
        const string envSecret = "zq9!plain-looking-but-secret";
        Environment.SetEnvironmentVariable("OPENAGENT_TEST_SERVICE_TOKEN", envSecret);
        try
        {
            await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("probe", "ok")));
            h.Model.Enqueue(ScriptedTurn.ToolCall("probe", new { header = "Authorization: Bearer abcdefghijklmnopqrstuvwxyz123456" }))
                   .Enqueue(ScriptedTurn.Text("Your key sk-ant-api03-abcdefgh12345678 is set."));
            await using var session = h.NewSession(new AgentSessionOptions { TracingEnabled = true });

            await session.RunAsync($"use api_key=supersecretvalue1 and password: hunter2hunter2 and {envSecret}", h.Sink, Ct);

            var trace = string.Join("\n", h.Sink.Events.Where(e => e is LlmRequestEvent or LlmResponseEvent).Select(e => e.ToJson()));
            Assert.DoesNotContain("supersecretvalue1", trace, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2hunter2", trace, StringComparison.Ordinal);
            Assert.DoesNotContain(envSecret, trace, StringComparison.Ordinal);
            Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz123456", trace, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-ant-api03", trace, StringComparison.Ordinal);
            Assert.Contains("api_key=[REDACTED]", trace, StringComparison.Ordinal);
            Assert.Contains("Bearer [REDACTED]", trace, StringComparison.Ordinal);

            // Only the trace is masked: the model itself saw the real text.
            Assert.Contains("supersecretvalue1", h.Model.Requests[0].Messages[^1].Text, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAGENT_TEST_SERVICE_TOKEN", null);
        }
    }

    [Theory]
    [InlineData("key sk-abcdefghijklmnop here", "key [REDACTED] here")]
    [InlineData("token: abcd1234efgh", "token: [REDACTED]")]
    [InlineData("{\"secret\": \"0123456789abc\"}", "{\"secret\": \"[REDACTED]\"}")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", "Bearer [REDACTED]")]
    [InlineData("blob QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU2Nzg5 end", "blob [REDACTED] end")]
    [InlineData("token: short", "token: short")]
    [InlineData("src/OpenAgent.Core/Agents/AgentLoopExtensionsAndSomeMore.cs", "src/OpenAgent.Core/Agents/AgentLoopExtensionsAndSomeMore.cs")]
    [InlineData("The authorization step is described below.", "The authorization step is described below.")]
    public void Pattern_redaction_masks_secret_shapes_and_leaves_ordinary_text(string input, string expected) =>
        Assert.Equal(expected, SecretRedactor.PatternsOnly.Redact(input));

    [Fact]
    public async Task A_failing_call_is_traced_as_a_request_without_a_response_and_the_run_reports_the_error()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.Throw(new InvalidOperationException("provider exploded")));
        await using var session = h.NewSession(new AgentSessionOptions { TracingEnabled = true });

        var result = await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Failed, result.Status);
        Assert.Equal(["llm_request", "error"], h.Sink.Types);
    }

    [Fact]
    public async Task Used_on_its_own_the_client_traces_non_streaming_calls()
    {
        using var model = new ScriptedChatClient(ScriptedTurn.Text("pong").WithUsage(5, 1));
        var sink = new RecordingSink();
        using var client = new AgentTracingChatClient(model, sink);

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "ping")], new ChatOptions { Temperature = 0.5f }, Ct);

        Assert.Equal("pong", response.Text);
        var request = Assert.Single(sink.OfType<LlmRequestEvent>());
        Assert.Equal("be brief", request.System);
        Assert.Equal(1, request.MessageCount);
        Assert.Equal(0.5f, request.Temperature);
        var reply = Assert.Single(sink.OfType<LlmResponseEvent>());
        Assert.Equal(1, reply.Seq);
        Assert.True(reply.Done);
        Assert.Equal(new AgentUsage(5, 1), reply.Usage);
    }
}
