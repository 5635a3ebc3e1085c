using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace OpenAgent.Core.Teams;

/// <summary>A member of the team roster.</summary>
/// <param name="Name">The teammate's name (also its mailbox).</param>
/// <param name="Role">What it is for.</param>
/// <param name="Status"><c>working</c>, <c>idle</c> or <c>shutdown</c>.</param>
public sealed record TeamMember(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("status")] string Status);

/// <summary>The statuses a teammate goes through.</summary>
public static class TeammateStatus
{
    /// <summary>Running its loop: calling the model and tools.</summary>
    public const string Working = "working";

    /// <summary>Waiting for mail or a task to claim.</summary>
    public const string Idle = "idle";

    /// <summary>Stopped.</summary>
    public const string Shutdown = "shutdown";
}

/// <summary>The roster file, <c>.team/config.json</c>.</summary>
internal sealed record TeamRoster(
    [property: JsonPropertyName("team_name")] string TeamName,
    [property: JsonPropertyName("members")] IReadOnlyList<TeamMember> Members);
