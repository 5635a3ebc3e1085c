using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Tools;

/// <summary>
/// Everything a tool needs to handle one call: the arguments, the session, its workspace, the event sink and the
/// session's services.
/// </summary>
public sealed class ToolCallContext
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="toolName">The name the model called.</param>
    /// <param name="callId">The provider's id of the call.</param>
    /// <param name="arguments">The call's arguments, a JSON object.</param>
    /// <param name="session">The session the call belongs to.</param>
    /// <param name="events">Where the tool may report events of its own.</param>
    /// <param name="services">The session's services.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public ToolCallContext(string toolName, string callId, JsonElement arguments, AgentSession session, IAgentEventSink events, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(services);
        ToolName = toolName;
        CallId = callId;
        Arguments = arguments;
        Session = session;
        Events = events;
        Services = services;
    }

    /// <summary>Gets the name the model called.</summary>
    public string ToolName { get; }

    /// <summary>Gets the provider's id of the call.</summary>
    public string CallId { get; }

    /// <summary>Gets the call's arguments, a JSON object that fits the tool's input schema.</summary>
    public JsonElement Arguments { get; }

    /// <summary>Gets the arguments as the provider parsed them, when available; lets <see cref="AIFunctionToolHandler"/>
    /// hand them to the function without converting them twice.</summary>
    internal System.Collections.Generic.IDictionary<string, object?>? ParsedArguments { get; init; }

    /// <summary>Gets the agent making the call when it is not the session's main agent (a teammate); tools that act for
    /// their caller use it.</summary>
    internal object? Caller { get; init; }

    /// <summary>Gets how many tokens the run may still spend (its budget minus what it used so far).</summary>
    public long TokenBudgetLeft { get; init; } = long.MaxValue;

    /// <summary>Gets the session the call belongs to.</summary>
    public AgentSession Session { get; }

    /// <summary>Gets the full path of the session's workspace folder.</summary>
    public string WorkspacePath => Session.WorkspacePath;

    /// <summary>Gets the sink for events the tool reports (calls to it are serialised with the loop's own events).</summary>
    public IAgentEventSink Events { get; }

    /// <summary>Gets the session's services (a scope that lives as long as the session).</summary>
    public IServiceProvider Services { get; }

    /// <summary>Gets a string argument, or <see langword="null"/> when it is absent or JSON null.</summary>
    /// <param name="name">The argument's name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ToolArgumentException">The argument is present but not a string.</exception>
    public string? GetString(string name)
    {
        if (!TryGetArgument(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ToolArgumentException($"Argument '{name}' must be a string.", name);
    }

    /// <summary>Gets a string argument that must be present.</summary>
    /// <param name="name">The argument's name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ToolArgumentException">The argument is absent or not a string.</exception>
    public string GetRequiredString(string name) =>
        GetString(name) ?? throw new ToolArgumentException($"Argument '{name}' is required.", name);

    /// <summary>Gets an integer argument, or <see langword="null"/> when it is absent or JSON null.</summary>
    /// <param name="name">The argument's name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ToolArgumentException">The argument is present but not a 32-bit integer.</exception>
    public int? GetInt32(string name)
    {
        if (!TryGetArgument(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new ToolArgumentException($"Argument '{name}' must be an integer.", name);
    }

    /// <summary>Gets a boolean argument, or <see langword="null"/> when it is absent or JSON null.</summary>
    /// <param name="name">The argument's name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ToolArgumentException">The argument is present but not a boolean.</exception>
    public bool? GetBoolean(string name)
    {
        if (!TryGetArgument(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ToolArgumentException($"Argument '{name}' must be true or false.", name),
        };
    }

    /// <summary>Gets an argument's raw JSON value.</summary>
    /// <param name="name">The argument's name.</param>
    /// <param name="value">The value, when present and not JSON null.</param>
    /// <returns><see langword="true"/> when the argument is present and not JSON null.</returns>
    public bool TryGetArgument(string name, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Arguments.ValueKind == JsonValueKind.Object && Arguments.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Reads all arguments into a typed object.</summary>
    /// <typeparam name="T">The arguments type.</typeparam>
    /// <param name="typeInfo">The type's JSON metadata (from a source-generated context, or <c>JsonSerializerOptions.GetTypeInfo</c>).</param>
    /// <returns>The arguments.</returns>
    /// <exception cref="ToolArgumentException">The arguments do not fit <typeparamref name="T"/>.</exception>
    public T GetArguments<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            return Arguments.Deserialize(typeInfo) ?? throw new ToolArgumentException("Arguments are required.");
        }
        catch (JsonException ex)
        {
            throw new ToolArgumentException($"Arguments do not fit the expected shape: {ex.Message}", ex);
        }
    }
}
