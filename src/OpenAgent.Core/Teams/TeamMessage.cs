using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAgent.Core.Teams;

/// <summary>A message between team members. Serialises as the seed's <c>{"type", "sender", "content", "timestamp", "extra"}</c>.</summary>
/// <param name="Type">One of <see cref="TeamMessageTypes.All"/>.</param>
/// <param name="Sender">Who sent it: <c>lead</c> or a teammate's name.</param>
/// <param name="Content">The text.</param>
/// <param name="Timestamp">When it was sent, in Unix seconds.</param>
/// <param name="Extra">Protocol data: <c>request_id</c>, <c>approve</c>, <c>feedback</c>.</param>
public sealed record TeamMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("timestamp")] double Timestamp,
    [property: JsonPropertyName("extra")] IReadOnlyDictionary<string, JsonElement> Extra);

/// <summary>The message types the bus accepts.</summary>
public static class TeamMessageTypes
{
    /// <summary>A plain message to one member.</summary>
    public const string Message = "message";

    /// <summary>A message to every member but the sender.</summary>
    public const string Broadcast = "broadcast";

    /// <summary>The lead asks a teammate to stop.</summary>
    public const string ShutdownRequest = "shutdown_request";

    /// <summary>A teammate answers a shutdown request.</summary>
    public const string ShutdownResponse = "shutdown_response";

    /// <summary>A teammate asks the lead to approve a plan.</summary>
    public const string PlanApprovalRequest = "plan_approval_request";

    /// <summary>The lead's verdict on a plan.</summary>
    public const string PlanApprovalResponse = "plan_approval_response";

    /// <summary>Gets every valid type.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Message, Broadcast, ShutdownRequest, ShutdownResponse, PlanApprovalRequest, PlanApprovalResponse];
}

[JsonSerializable(typeof(TeamMessage))]
[JsonSerializable(typeof(TeamRoster))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
internal sealed partial class TeamJsonContext : JsonSerializerContext;
