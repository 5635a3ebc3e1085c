using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Tools;

namespace OpenAgent.Core.Tests.Support;

/// <summary>A tool whose behaviour a test supplies; counts its invocations.</summary>
public sealed class DelegateTool(string name, Func<ToolCallContext, CancellationToken, ValueTask<ToolResult>> invoke, bool isReadOnly = false, string? schema = null)
    : IToolHandler
{
    private int _calls;

    public string Name { get; } = name;

    public string Description => $"Test tool {Name}.";

    public JsonElement InputSchema { get; } = JsonElement.Parse(schema ?? """{"type":"object","properties":{}}""");

    public bool IsReadOnly { get; } = isReadOnly;

    public int Calls => Volatile.Read(ref _calls);

    public static DelegateTool Returning(string name, string result, bool isReadOnly = false) =>
        new(name, (_, _) => ValueTask.FromResult(ToolResult.Success(result)), isReadOnly);

    public ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return invoke(context, cancellationToken);
    }
}
