using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Tools;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests;

/// <summary>The README's embedding example, as written there, with the scripted model standing in for a provider.</summary>
public sealed class ReadmeExampleTests
{
    public interface IOrderStore
    {
        string Find(string id);
    }

    public sealed class OrderStore : IOrderStore
    {
        public string Find(string id) => id == "42" ? "order 42: refunded, arrived damaged" : "unknown order";
    }

    public sealed class RefundTool : IToolHandler
    {
        public string Name => "refund";

        public string Description => "Refunds an order.";

        public JsonElement InputSchema { get; } = JsonElement.Parse("""{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}""");

        public bool IsReadOnly => false;

        public ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<ToolResult>($"Order {context.GetRequiredString("order_id")} refunded.");
    }

    [Fact]
    public async Task The_embedding_example_runs_a_custom_tool_with_a_service_and_streams_wire_json()
    {
        using var workspace = new TempWorkspace();
        var myChatClient = new ScriptedChatClient()
            .Enqueue(ScriptedTurn.ToolCall("get_order", new { id = "42" }))
            .Enqueue(ScriptedTurn.Text("It arrived ", "damaged."));

        var services = new ServiceCollection();
        services.AddSingleton<IOrderStore, OrderStore>();
        services.AddChatClient(myChatClient);
        services.AddOpenAgent(o => o.WorkspaceDir = workspace.Path)
                .AddFunction("get_order", "Looks an order up by id.",
                    (string id, IOrderStore orders) => orders.Find(id))
                .AddTool<RefundTool>();
        using var provider = services.BuildServiceProvider();

        await using var session = provider.GetRequiredService<AgentSessionFactory>().CreateSession();
        var text = "";
        var json = new List<string>();
        await foreach (var e in session.RunStreamingAsync("Why was order 42 refunded?", TestContext.Current.CancellationToken))
        {
            if (e is TextDeltaEvent delta) text += delta.Content;
            else json.Add(e.ToJson());
        }

        Assert.Equal("It arrived damaged.", text);
        Assert.Equal("""{"type":"tool_call","tool":"get_order","input":{"id":"42"}}""", json[0]);
        Assert.Equal("""{"type":"tool_result","tool":"get_order","result":"order 42: refunded, arrived damaged"}""", json[1]);
        Assert.StartsWith("""{"type":"done","usage":""", json[2], System.StringComparison.Ordinal);
        Assert.Equal(["bash", "read_file", "write_file", "edit_file", "todo_write", "todo_add", "todo_complete", "todo_list", "list_skills", "read_skill", "think", "compact", "enter_plan_mode", "task_create", "task_get", "task_update", "task_list", "background_run", "check_background", "task", "get_order", "refund"], myChatClient.Requests[0].ToolNames);
        var schema = ((AIFunctionDeclaration)myChatClient.Requests[0].Tools.Single(t => t.Name == "get_order")).JsonSchema.GetRawText();
        Assert.DoesNotContain("orders", schema, System.StringComparison.Ordinal);
    }
}
