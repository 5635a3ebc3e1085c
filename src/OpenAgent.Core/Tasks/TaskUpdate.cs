using System.Collections.Generic;
using System.Text.Json;

namespace OpenAgent.Core.Tasks;

/// <summary>
/// A change to a task; <see langword="null"/> members are left as they are.
/// </summary>
public sealed record TaskUpdate
{
    /// <summary>Gets the new status: <c>pending</c>, <c>in_progress</c>, <c>completed</c> or <c>deleted</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Gets the new subject.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the new description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the new present-continuous form.</summary>
    public string? ActiveForm { get; init; }

    /// <summary>Gets the new owner (empty to release the task).</summary>
    public string? Owner { get; init; }

    /// <summary>Gets ids of tasks that must be completed before this one.</summary>
    public IReadOnlyList<int>? AddBlockedBy { get; init; }

    /// <summary>Gets ids of tasks that wait for this one.</summary>
    public IReadOnlyList<int>? AddBlocks { get; init; }

    /// <summary>Gets metadata to merge; a JSON null value removes the key.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }
}
