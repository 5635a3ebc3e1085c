using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Tools;
using OpenAgent.Core.Tools.BuiltIn;
using Xunit;

namespace OpenAgent.Core.Tests.Tools;

public sealed class ToolRegistryTests : IAsyncLifetime
{
    private readonly AgentHarness _harness = new();
    private AgentSession _session = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _session = _harness.NewSession();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        await _harness.DisposeAsync();
    }

    private ToolCallContext Call(string name, string arguments = "{}") =>
        new(name, "call_1", JsonElement.Parse(arguments), _session, AgentEventSink.Null, _session.Services);

    [Fact]
    public void Tools_keep_registration_order_and_are_found_by_name()
    {
        var registry = new ToolRegistry([DelegateTool.Returning("b", "1"), DelegateTool.Returning("a", "2")]);

        Assert.Equal(["b", "a"], registry.Tools.Select(t => t.Name));
        Assert.Equal(["b", "a"], registry.GetDeclarations().Select(t => t.Name));
        Assert.True(registry.Contains("a"));
        Assert.False(registry.Contains("A"));
        Assert.True(registry.TryGet("b", out var b) && b.Name == "b");
        Assert.Equal(2, registry.Count);
    }

    [Fact]
    public void Declarations_can_be_filtered_and_carry_the_input_schema()
    {
        var registry = new ToolRegistry([new ThinkTool(), DelegateTool.Returning("write", "ok")]);

        var declarations = registry.GetDeclarations(t => t.IsReadOnly);

        var think = Assert.IsAssignableFrom<AIFunctionDeclaration>(Assert.Single(declarations));
        Assert.Equal("think", think.Name);
        Assert.Equal("string", think.JsonSchema.GetProperty("properties").GetProperty("thought").GetProperty("type").GetString());
    }

    [Fact]
    public void Duplicate_names_are_refused_naming_both_tools()
    {
        var error = Assert.Throws<ArgumentException>(() => new ToolRegistry([DelegateTool.Returning("x", "1"), DelegateTool.Returning("x", "2")]));

        Assert.Contains("Two tools are named 'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(DelegateTool), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("mcp:tool")]
    [InlineData("a2345678901234567890123456789012345678901234567890123456789012345")]
    public void Invalid_names_are_refused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new ToolRegistry([DelegateTool.Returning(name, "1")]));

        Assert.Contains("invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tool_is_an_error_result_listing_the_available_ones()
    {
        var result = await _session.Tools.InvokeAsync(Call("nope"), Ct);

        Assert.True(result.IsError);
        Assert.Equal("Error: Unknown tool 'nope'. Available tools: bash, read_file, write_file, edit_file, todo_write, todo_add, todo_complete, todo_list, list_skills, read_skill, think, compact, enter_plan_mode, exit_plan_mode, task_create, task_get, task_update, task_list, background_run, check_background, spawn_teammate, list_teammates, send_message, read_inbox, broadcast, shutdown_request, check_protocol, plan_review, task.", result.Content);
    }

    [Fact]
    public async Task Arguments_are_checked_against_the_schema_before_the_tool_runs()
    {
        var missing = await _session.Tools.InvokeAsync(Call("think", "{}"), Ct);
        var wrongType = await _session.Tools.InvokeAsync(Call("think", """{"thought": 42}"""), Ct);
        var notAnObject = await _session.Tools.InvokeAsync(Call("think", "[1]"), Ct);
        var fine = await _session.Tools.InvokeAsync(Call("think", """{"thought": "ok"}"""), Ct);

        Assert.Contains("thought", missing.Content, StringComparison.Ordinal);
        Assert.True(missing.IsError);
        Assert.Contains("/thought", wrongType.Content, StringComparison.Ordinal);
        Assert.Equal("Error: Arguments for tool 'think' must be a JSON object.", notAnObject.Content);
        Assert.False(fine.IsError);
    }

    [Fact]
    public async Task Any_exception_from_a_tool_becomes_an_error_result()
    {
        var registry = new ToolRegistry([new DelegateTool("boom", (_, _) => throw new NotImplementedException("not yet"))]);

        var result = await registry.InvokeAsync(Call("boom"), Ct);

        Assert.Equal("Error: not yet", result.Content);
        Assert.True(result.IsError);
    }

    [Fact]
    public async Task Cancellation_propagates_instead_of_becoming_a_result()
    {
        var registry = new ToolRegistry([new DelegateTool("wait", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        })]);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await registry.InvokeAsync(Call("wait"), cts.Token));
    }

    [Fact]
    public void ToolResult_error_text_starts_with_Error_once()
    {
        Assert.Equal("Error: bad", ToolResult.Error("bad").Content);
        Assert.Equal("Error: bad", ToolResult.Error("Error: bad").Content);
        ToolResult implicitResult = "fine";
        Assert.False(implicitResult.IsError);
    }

    [Fact]
    public async Task ToolCallContext_reads_typed_arguments_and_explains_bad_ones()
    {
        var context = Call("x", """{"path":"a.txt","limit":5,"all":true,"n":"five"}""");

        Assert.Equal("a.txt", context.GetRequiredString("path"));
        Assert.Equal(5, context.GetInt32("limit"));
        Assert.True(context.GetBoolean("all"));
        Assert.Null(context.GetString("absent"));
        Assert.Equal("Argument 'n' must be an integer. (Parameter 'n')", Assert.Throws<ToolArgumentException>(() => context.GetInt32("n")).Message);
        Assert.Contains("is required", Assert.Throws<ToolArgumentException>(() => context.GetRequiredString("absent")).Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }
}
