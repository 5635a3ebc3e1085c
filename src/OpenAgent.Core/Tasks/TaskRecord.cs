using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAgent.Core.Tasks;

/// <summary>
/// One task of the task board, with the camelCase keys of its file <c>.tasks/task_{id}.json</c>.
/// </summary>
/// <param name="Id">The task's id (1, 2, ...).</param>
/// <param name="Subject">A short title.</param>
/// <param name="Description">Details; empty by default.</param>
/// <param name="Status"><c>pending</c>, <c>in_progress</c>, <c>completed</c> (or <c>deleted</c> in the reply to a delete).</param>
/// <param name="BlockedBy">Ids of the tasks that must be completed first.</param>
/// <param name="Blocks">Ids of the tasks waiting for this one.</param>
/// <param name="Owner">The agent working on it; empty when unclaimed.</param>
/// <param name="ActiveForm">The present-continuous form shown while it is in progress.</param>
/// <param name="Metadata">Free-form data attached to the task.</param>
public sealed record TaskRecord(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("blockedBy")] IReadOnlyList<int> BlockedBy,
    [property: JsonPropertyName("blocks")] IReadOnlyList<int> Blocks,
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("activeForm")] string ActiveForm,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, JsonElement> Metadata);
