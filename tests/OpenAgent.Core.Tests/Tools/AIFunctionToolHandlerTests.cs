using System;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Tools;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Tools;

public sealed class AIFunctionToolHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class Greeter
    {
        public string Salutation { get; set; } = "Hello";

        public string Greet(string name) => $"{Salutation}, {name}!";
    }

    public sealed record Weather(string City, int Celsius);

    [Fact]
    public async Task A_function_becomes_a_tool_with_its_schema_and_gets_services_from_the_session()
    {
        await using var h = new AgentHarness(
            b => b.AddFunction("greet", "Greets someone by name.", ([Description("Who to greet")] string name, Greeter greeter) => greeter.Greet(name)),
            services: s => s.AddSingleton<Greeter>());
        h.Model.Enqueue(ScriptedTurn.ToolCall("greet", new { name = "Ada" })).EnqueueText("done");
        await using var session = h.NewSession();

        await session.RunAsync("greet Ada", h.Sink, Ct);

        var declaration = Assert.IsAssignableFrom<AIFunctionDeclaration>(h.Model.Requests[0].Tools.Single(t => t.Name == "greet"));
        Assert.Equal("Greets someone by name.", declaration.Description);
        Assert.Equal("Who to greet", declaration.JsonSchema.GetProperty("properties").GetProperty("name").GetProperty("description").GetString());
        Assert.False(declaration.JsonSchema.GetProperty("properties").TryGetProperty("greeter", out _));
        Assert.Equal("Hello, Ada!", h.Model.Requests[1].ToolResults.Single().Result);
    }

    [Fact]
    public async Task Objects_returned_by_a_function_reach_the_model_as_json()
    {
        var handler = new AIFunctionToolHandler(AIFunctionFactory.Create((string city) => new Weather(city, 21), "weather"), isReadOnly: true);
        await using var h = new AgentHarness(b => b.AddTool(handler));
        h.Model.Enqueue(ScriptedTurn.ToolCall("weather", new { city = "Oslo" })).EnqueueText("warm");
        await using var session = h.NewSession();

        await session.RunAsync("weather?", h.Sink, Ct);

        Assert.True(handler.IsReadOnly);
        Assert.Equal("""{"city":"Oslo","celsius":21}""", h.Model.Requests[1].ToolResults.Single().Result);
    }

    [Fact]
    public async Task A_function_can_reach_the_call_context()
    {
        string? seenWorkspace = null;
        var function = AIFunctionFactory.Create((AIFunctionArguments args) =>
        {
            seenWorkspace = ((ToolCallContext)args.Context![typeof(ToolCallContext)]!).WorkspacePath;
            return "ok";
        }, "where");
        await using var h = new AgentHarness(b => b.AddFunction(function));
        h.Model.EnqueueToolCall("where").EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("where am I", AgentEventSink.Null, Ct);

        Assert.Equal(session.WorkspacePath, seenWorkspace);
    }

    [Fact]
    public async Task A_function_that_throws_gives_the_model_an_error()
    {
        await using var h = new AgentHarness(b => b.AddFunction("fail", "Always fails.", (Func<string>)(() => throw new InvalidOperationException("quota reached"))));
        h.Model.EnqueueToolCall("fail").EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", AgentEventSink.Null, Ct);

        Assert.Equal("Error: quota reached", h.Model.Requests[1].ToolResults.Single().Result);
    }
}
