using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenAgent.Core.Tools;

/// <summary>
/// The tools of one agent, in registration order: what the model is offered and how its calls are dispatched.
/// </summary>
/// <remarks>
/// Dispatch never throws for a bad call: an unknown tool, arguments that do not fit the schema, and an exception from
/// the tool all become error results the model reads. Only cancellation propagates.
/// </remarks>
public sealed partial class ToolRegistry
{
    private static readonly ConditionalWeakTable<IToolHandler, AITool> Declarations = [];
    private readonly Dictionary<string, IToolHandler> _byName = new(StringComparer.Ordinal);
    private readonly List<IToolHandler> _ordered = [];
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance holding <paramref name="tools"/>.</summary>
    /// <param name="tools">The tools, in the order they are offered to the model.</param>
    /// <param name="logger">Where tool failures are logged; none by default.</param>
    /// <exception cref="ArgumentException">A tool name is invalid or appears twice.</exception>
    public ToolRegistry(IEnumerable<IToolHandler> tools, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        _logger = logger ?? NullLogger.Instance;
        foreach (var tool in tools)
        {
            Register(tool);
        }
    }

    /// <summary>Gets the number of tools.</summary>
    public int Count => _ordered.Count;

    /// <summary>Gets the tools in registration order.</summary>
    public IReadOnlyList<IToolHandler> Tools => _ordered;

    /// <summary>Adds a tool.</summary>
    /// <param name="tool">The tool.</param>
    /// <exception cref="ArgumentException">The name is invalid or already taken.</exception>
    public void Register(IToolHandler tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (tool.Name is null || !ValidName().IsMatch(tool.Name))
        {
            throw new ArgumentException(
                $"Tool name '{tool.Name}' ({tool.GetType().FullName}) is invalid: use 1-64 letters, digits, '_' or '-'.", nameof(tool));
        }

        if (!_byName.TryAdd(tool.Name, tool))
        {
            throw new ArgumentException(
                $"Two tools are named '{tool.Name}': {_byName[tool.Name].GetType().FullName} and {tool.GetType().FullName}. Tool names must be unique.",
                nameof(tool));
        }

        _ordered.Add(tool);
    }

    /// <summary>Gets a value indicating whether a tool of that name is registered.</summary>
    /// <param name="name">The tool name.</param>
    /// <returns><see langword="true"/> if it is registered.</returns>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Gets a tool by name.</summary>
    /// <param name="name">The tool name.</param>
    /// <param name="tool">The tool, when found.</param>
    /// <returns><see langword="true"/> if it is registered.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IToolHandler? tool) => _byName.TryGetValue(name, out tool);

    /// <summary>Gets the declarations offered to the model (<see cref="ChatOptions.Tools"/>), in registration order.</summary>
    /// <param name="filter">Which tools to include; all when <see langword="null"/>.</param>
    /// <returns>The declarations; they describe the tools but cannot be invoked by middleware.</returns>
    public IList<AITool> GetDeclarations(Func<IToolHandler, bool>? filter = null)
    {
        var list = new List<AITool>(_ordered.Count);
        foreach (var tool in _ordered)
        {
            if (filter is null || filter(tool))
            {
                list.Add(GetDeclaration(tool));
            }
        }

        return list;
    }

    /// <summary>Runs one call: checks the tool exists and the arguments fit its schema, then invokes it.</summary>
    /// <param name="context">The call.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result; failures are error results, never exceptions.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_byName.TryGetValue(context.ToolName, out var tool))
        {
            return ToolResult.Error($"Unknown tool '{context.ToolName}'. Available tools: {string.Join(", ", _byName.Keys)}.");
        }

        if (ToolArgumentValidator.Validate(tool, context.Arguments) is { } invalid)
        {
            return ToolResult.Error(invalid);
        }

        try
        {
            return await tool.InvokeAsync(context, cancellationToken) ?? ToolResult.Error($"Tool '{tool.Name}' returned no result.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _logger.ToolFailed(tool.Name, ex);
            return ToolResult.Error(ex.Message);
        }
    }

    internal static AITool GetDeclaration(IToolHandler tool) =>
        Declarations.GetValue(tool, static t => AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.InputSchema));

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ValidName();
}
