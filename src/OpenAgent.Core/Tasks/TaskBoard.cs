using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenAgent.Core.Tasks;

/// <summary>
/// The shared task board of a workspace: one JSON file per task in <c>.tasks/task_{id}.json</c> (camelCase keys),
/// written atomically. Dependencies are kept both ways (<c>blockedBy</c> / <c>blocks</c>); completing or deleting a task
/// unblocks its dependents; cycles and unknown ids are refused; ids are never reused.
/// </summary>
/// <remarks>
/// The board is read from disk for every operation, so it survives restarts and sees other instances' writes; all
/// changes go through one lock per board, so concurrent agents lose nothing. A corrupt or foreign file in
/// <c>.tasks/</c> is skipped with a logged warning.
/// </remarks>
public sealed partial class TaskBoard : IDisposable
{
    /// <summary>The statuses a task can have (and <c>deleted</c>, which removes it).</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["pending", "in_progress", "completed"];

    private static readonly JsonSerializerOptions FileJson = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = TaskJsonContext.Default,
    };

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _folder;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance for the workspace at <paramref name="workspacePath"/>.</summary>
    /// <param name="workspacePath">The workspace folder.</param>
    /// <param name="logger">Where skipped files are reported.</param>
    public TaskBoard(string workspacePath, ILogger<TaskBoard>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(workspacePath);
        _folder = Path.Combine(workspacePath, ".tasks");
        _logger = logger ?? NullLogger<TaskBoard>.Instance;
    }

    /// <summary>Creates a pending task.</summary>
    /// <param name="subject">A short title.</param>
    /// <param name="description">Details.</param>
    /// <param name="activeForm">The present-continuous form; defaults to the subject.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The new task.</returns>
    public async Task<TaskRecord> CreateAsync(string subject, string? description = null, string? activeForm = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Above every id ever given and every task file present, even one that could not be read: nothing is reused or overwritten.
            var id = Math.Max(ReadNextId(), HighestFileId() + 1);
            var task = new TaskRecord(id, subject.Trim(), description ?? string.Empty, "pending", [], [], string.Empty,
                string.IsNullOrWhiteSpace(activeForm) ? subject.Trim() : activeForm.Trim(), new Dictionary<string, JsonElement>());
            await SaveAsync(task, cancellationToken).ConfigureAwait(false);
            await WriteNextIdAsync(id + 1, cancellationToken).ConfigureAwait(false);
            return task;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gets a task.</summary>
    /// <param name="id">The task's id.</param>
    /// <returns>The task.</returns>
    /// <exception cref="TaskBoardException">There is no task with that id.</exception>
    public TaskRecord Get(int id) => Load().TryGetValue(id, out var task) ? task : throw NotFound(id);

    /// <summary>Lists the tasks, ordered by id.</summary>
    /// <returns>The tasks.</returns>
    public IReadOnlyList<TaskRecord> List() => [.. Load().Values];

    /// <summary>Lists the tasks anyone may claim: pending, without owner, not blocked.</summary>
    /// <returns>The tasks, ordered by id.</returns>
    public IReadOnlyList<TaskRecord> ListUnclaimed() => [.. Load().Values.Where(IsClaimable)];

    /// <summary>Changes a task.</summary>
    /// <param name="id">The task's id.</param>
    /// <param name="update">The change.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The task after the change (with status <c>deleted</c> when it was deleted).</returns>
    /// <exception cref="TaskBoardException">Unknown task or dependency, invalid status, or a dependency cycle.</exception>
    public async Task<TaskRecord> UpdateAsync(int id, TaskUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var tasks = Load();
            if (!tasks.TryGetValue(id, out var task))
            {
                throw NotFound(id);
            }

            if (update.Status is { } status && status != "deleted" && !Statuses.Contains(status))
            {
                throw new TaskBoardException($"Invalid status '{status}'. Valid: {string.Join(", ", Statuses)}, deleted.");
            }

            var changed = new Dictionary<int, TaskRecord>();
            if (update.Status == "deleted")
            {
                foreach (var other in tasks.Values.Where(t => t.Id != id && (t.BlockedBy.Contains(id) || t.Blocks.Contains(id))))
                {
                    changed[other.Id] = other with { BlockedBy = [.. other.BlockedBy.Where(b => b != id)], Blocks = [.. other.Blocks.Where(b => b != id)] };
                }

                await SaveAllAsync(changed.Values, cancellationToken).ConfigureAwait(false);
                File.Delete(FileOf(id));
                return task with { Status = "deleted" };
            }

            var blockedBy = new SortedSet<int>(task.BlockedBy);
            var blocks = new SortedSet<int>(task.Blocks);
            AddDependencies(tasks, id, update.AddBlockedBy, blockedBy, blocks, asBlocker: false);
            AddDependencies(tasks, id, update.AddBlocks, blockedBy, blocks, asBlocker: true);

            var updated = task with
            {
                Status = update.Status ?? task.Status,
                Subject = update.Subject ?? task.Subject,
                Description = update.Description ?? task.Description,
                ActiveForm = update.ActiveForm ?? task.ActiveForm,
                Owner = update.Owner ?? task.Owner,
                BlockedBy = [.. blockedBy],
                Blocks = [.. blocks],
                Metadata = Merge(task.Metadata, update.Metadata),
            };
            tasks[id] = updated;

            // Keep both directions of every new link.
            foreach (var blocker in blockedBy.Except(task.BlockedBy))
            {
                var other = changed.GetValueOrDefault(blocker) ?? tasks[blocker];
                changed[blocker] = other with { Blocks = [.. other.Blocks.Append(id).Distinct().Order()] };
            }

            foreach (var dependent in blocks.Except(task.Blocks))
            {
                var other = changed.GetValueOrDefault(dependent) ?? tasks[dependent];
                changed[dependent] = other with { BlockedBy = [.. other.BlockedBy.Append(id).Distinct().Order()] };
            }

            // Completing a task unblocks everything that waited for it.
            if (updated.Status == "completed")
            {
                foreach (var dependent in tasks.Values.Where(t => t.BlockedBy.Contains(id)))
                {
                    var other = changed.GetValueOrDefault(dependent.Id) ?? dependent;
                    changed[dependent.Id] = other with { BlockedBy = [.. other.BlockedBy.Where(b => b != id)] };
                }
            }

            changed.Remove(id);
            await SaveAllAsync(changed.Values.Append(updated), cancellationToken).ConfigureAwait(false);
            return updated;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Claims a task for <paramref name="owner"/>: owner set, status <c>in_progress</c>.</summary>
    /// <param name="id">The task's id.</param>
    /// <param name="owner">Who claims it.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The claimed task.</returns>
    /// <exception cref="TaskBoardException">The task is unknown, already claimed, not pending, or blocked.</exception>
    public async Task<TaskRecord> ClaimAsync(int id, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var task = Load().TryGetValue(id, out var found) ? found : throw NotFound(id);
            if (task.Owner.Length > 0)
            {
                throw new TaskBoardException($"Task #{id} is already claimed by {task.Owner}.");
            }

            if (!IsClaimable(task))
            {
                throw new TaskBoardException(task.BlockedBy.Count > 0
                    ? $"Task #{id} is blocked by {string.Join(", ", task.BlockedBy.Select(b => "#" + b))}."
                    : $"Task #{id} is {task.Status}, not pending.");
            }

            var claimed = task with { Owner = owner, Status = "in_progress" };
            await SaveAsync(claimed, cancellationToken).ConfigureAwait(false);
            return claimed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Renders the board for the model.</summary>
    /// <returns>One line per task and a count; <c>No tasks.</c> when empty.</returns>
    public string Render() => Render(List());

    /// <summary>Renders <paramref name="tasks"/>: <c>[ ]</c>, <c>[&gt;]</c> or <c>[x]</c>, id, subject, blockers, owner.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <returns>The rendering.</returns>
    public static string Render(IReadOnlyList<TaskRecord> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0)
        {
            return "No tasks.";
        }

        var builder = new StringBuilder();
        foreach (var task in tasks)
        {
            builder.Append(task.Status switch { "completed" => "[x]", "in_progress" => "[>]", _ => "[ ]" });
            builder.Append(CultureInfo.InvariantCulture, $" #{task.Id}: {task.Subject}");
            if (task.BlockedBy.Count > 0)
            {
                builder.Append(" (blocked by: [").Append(string.Join(", ", task.BlockedBy)).Append("])");
            }

            if (task.Owner.Length > 0)
            {
                builder.Append(" @").Append(task.Owner);
            }

            if (task.Status == "in_progress")
            {
                builder.Append(" <- ").Append(task.ActiveForm);
            }

            builder.Append('\n');
        }

        builder.Append(CultureInfo.InvariantCulture, $"({tasks.Count(t => t.Status == "completed")}/{tasks.Count} completed)");
        return builder.ToString();
    }

    /// <summary>Serialises a task as the board stores it (camelCase keys, indented).</summary>
    /// <param name="task">The task.</param>
    /// <returns>The JSON.</returns>
    public static string ToJson(TaskRecord task) => JsonSerializer.Serialize(task, FileJson);

    private static bool IsClaimable(TaskRecord task) => task.Status == "pending" && task.Owner.Length == 0 && task.BlockedBy.Count == 0;

    private static void AddDependencies(SortedDictionary<int, TaskRecord> tasks, int id, IReadOnlyList<int>? ids, SortedSet<int> blockedBy, SortedSet<int> blocks, bool asBlocker)
    {
        if (ids is null)
        {
            return;
        }

        foreach (var other in ids)
        {
            if (other == id)
            {
                throw new TaskBoardException($"Task #{id} cannot depend on itself.");
            }

            if (!tasks.ContainsKey(other))
            {
                throw NotFound(other);
            }

            var (blocker, dependent) = asBlocker ? (id, other) : (other, id);
            if (DependsOn(tasks, blocker, dependent))
            {
                throw new TaskBoardException($"Making #{dependent} wait for #{blocker} would create a cycle: #{blocker} already waits for #{dependent}.");
            }

            (asBlocker ? blocks : blockedBy).Add(other);
        }
    }

    /// <summary>Whether <paramref name="task"/> waits, directly or not, for <paramref name="on"/>.</summary>
    private static bool DependsOn(SortedDictionary<int, TaskRecord> tasks, int task, int on)
    {
        var seen = new HashSet<int>();
        var pending = new Stack<int>([task]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current == on)
            {
                return true;
            }

            if (seen.Add(current) && tasks.TryGetValue(current, out var record))
            {
                foreach (var blocker in record.BlockedBy)
                {
                    pending.Push(blocker);
                }
            }
        }

        return false;
    }

    private static IReadOnlyDictionary<string, JsonElement> Merge(IReadOnlyDictionary<string, JsonElement> current, IReadOnlyDictionary<string, JsonElement>? changes)
    {
        if (changes is null)
        {
            return current;
        }

        var merged = new Dictionary<string, JsonElement>(current, StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value.Clone();
            }
        }

        return merged;
    }

    /// <summary>Releases the board's lock.</summary>
    public void Dispose() => _gate.Dispose();

    private static TaskBoardException NotFound(int id) => new($"Task #{id} was not found.");
}
