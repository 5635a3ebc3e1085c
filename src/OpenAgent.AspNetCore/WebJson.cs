using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAgent.AspNetCore;

/// <summary>The body of <c>POST /api/chat</c>.</summary>
public sealed record CreateChatRequest
{
    /// <summary>Gets a custom system prompt, replacing the preset.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Gets the prompt preset.</summary>
    public string? Preset { get; init; }

    /// <summary>Gets a value indicating whether agent teams are on.</summary>
    public bool EnableTeams { get; init; }

    /// <summary>Gets a value indicating whether model calls are traced as events.</summary>
    public bool EnableTracing { get; init; }

    /// <summary>Gets a value indicating whether tool calls need approval.</summary>
    public bool EnableApproval { get; init; }

    /// <summary>Gets a value indicating whether the conversation starts in plan mode.</summary>
    public bool EnablePlanMode { get; init; }
}

internal sealed record CreateChatResponse(string ConversationId);

internal sealed record ConversationListItem(string Id, string? Title, DateTimeOffset CreatedAt, int MessageCount);

internal sealed record ConversationDetail(
    string Id,
    string? Title,
    DateTimeOffset CreatedAt,
    string? SystemPrompt,
    string? Preset,
    bool EnableTeams,
    bool EnableTracing,
    bool EnableApproval,
    bool EnablePlanMode,
    JsonElement Messages,
    long TotalInputTokens,
    long TotalOutputTokens);

internal sealed record NamedItem(string Name, string Description);

internal sealed record StatusResponse(string Status);

internal sealed record HealthResponse(string Status, string? Model);

internal sealed record ErrorResponse(string Error);

internal sealed record AddSkillRequest(string? Name, string? Description, string? Body);

internal sealed record FilePreview(string Path, string Name, long Size, bool Binary, bool Truncated, string? Language, string? Content);

internal sealed record UploadResponse(IReadOnlyList<UploadedFile> Files);

internal sealed record UploadedFile(string Name, string Path, long Size);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CreateChatRequest))]
[JsonSerializable(typeof(CreateChatResponse))]
[JsonSerializable(typeof(List<ConversationListItem>))]
[JsonSerializable(typeof(ConversationDetail))]
[JsonSerializable(typeof(List<NamedItem>))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(AddSkillRequest))]
[JsonSerializable(typeof(FilePreview))]
[JsonSerializable(typeof(UploadResponse))]
[JsonSerializable(typeof(IReadOnlyList<OpenAgent.Core.Events.WorkspaceFile>))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
