using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Agents;

/// <summary>
/// What a session needs to be resumed later or elsewhere: its history, usage and flags. Serialises to JSON with
/// <see cref="ToJson"/>; restore with <see cref="AgentSessionFactory.RestoreSession"/>.
/// </summary>
public sealed class AgentSessionState
{
    /// <summary>Gets or sets the session id.</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the workspace folder.</summary>
    public required string WorkspacePath { get; set; }

    /// <summary>Gets or sets the conversation.</summary>
    public IList<ChatMessage> Messages { get; set; } = [];

    /// <summary>Gets or sets the tokens the session has used.</summary>
    public AgentUsage Usage { get; set; } = AgentUsage.Zero;

    /// <summary>Gets or sets the custom system prompt, if any.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>Gets or sets the prompt preset.</summary>
    public string? Preset { get; set; }

    /// <summary>Gets or sets a value indicating whether agent teams are on.</summary>
    public bool TeamsEnabled { get; set; }

    /// <summary>Gets or sets a value indicating whether approval is on.</summary>
    public bool ApprovalEnabled { get; set; }

    /// <summary>Gets or sets a value indicating whether the session is in plan mode.</summary>
    public bool PlanMode { get; set; }

    /// <summary>Gets or sets a value indicating whether tracing is on.</summary>
    public bool TracingEnabled { get; set; }

    /// <summary>Copies the state, with its own list of (the same) messages.</summary>
    internal AgentSessionState Copy()
    {
        var copy = (AgentSessionState)MemberwiseClone();
        copy.Messages = [.. Messages];
        return copy;
    }

    /// <summary>Serialises the state to JSON; messages use Microsoft.Extensions.AI's own JSON shape.</summary>
    /// <returns>The JSON.</returns>
    public string ToJson()
    {
        var dto = new AgentSessionStateJson(
            Id, WorkspacePath, Messages, Usage,
            SystemPrompt, Preset, TeamsEnabled, ApprovalEnabled, PlanMode, TracingEnabled);
        return JsonSerializer.Serialize(dto, AgentStateJsonContext.Default.AgentSessionStateJson);
    }

    /// <summary>Reads a state written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonException">The JSON is not a session state.</exception>
    public static AgentSessionState FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var dto = JsonSerializer.Deserialize(json, AgentStateJsonContext.Default.AgentSessionStateJson)
            ?? throw new JsonException("The JSON 'null' is not a session state.");
        if (string.IsNullOrEmpty(dto.Id) || string.IsNullOrEmpty(dto.WorkspacePath))
        {
            throw new JsonException("A session state needs 'id' and 'workspace_path'.");
        }

        var messages = dto.Messages ?? [];
        return new AgentSessionState
        {
            Id = dto.Id,
            WorkspacePath = dto.WorkspacePath,
            Messages = messages is List<ChatMessage> ? messages : [.. messages],
            Usage = dto.Usage ?? AgentUsage.Zero,
            SystemPrompt = dto.SystemPrompt,
            Preset = dto.Preset,
            TeamsEnabled = dto.TeamsEnabled,
            ApprovalEnabled = dto.ApprovalEnabled,
            PlanMode = dto.PlanMode,
            TracingEnabled = dto.TracingEnabled,
        };
    }

}

/// <summary>
/// Writes and reads the history with Microsoft.Extensions.AI's own contract for messages, straight into the state's JSON
/// (no intermediate document); anything but an array reads as an empty history.
/// </summary>
internal sealed class ChatMessagesJsonConverter : JsonConverter<IList<ChatMessage>>
{
    private static JsonTypeInfo<IList<ChatMessage>> MessagesTypeInfo =>
        (JsonTypeInfo<IList<ChatMessage>>)AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IList<ChatMessage>));

    public override IList<ChatMessage>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }

        return JsonSerializer.Deserialize(ref reader, MessagesTypeInfo) ?? [];
    }

    public override void Write(Utf8JsonWriter writer, IList<ChatMessage> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, MessagesTypeInfo);
}

internal sealed record AgentSessionStateJson(
    string Id,
    string WorkspacePath,
    [property: JsonConverter(typeof(ChatMessagesJsonConverter))] IList<ChatMessage>? Messages,
    AgentUsage? Usage,
    string? SystemPrompt,
    string? Preset,
    bool TeamsEnabled,
    bool ApprovalEnabled,
    bool PlanMode,
    bool TracingEnabled);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AgentSessionStateJson))]
internal sealed partial class AgentStateJsonContext : JsonSerializerContext;
