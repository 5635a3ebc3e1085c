using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using OpenAgent.Core.Workspace;

namespace OpenAgent.Core.Tasks;

/// <summary>The board's files: reading them (skipping what cannot be read) and writing them atomically.</summary>
public sealed partial class TaskBoard
{
    private SortedDictionary<int, TaskRecord> Load()
    {
        var tasks = new SortedDictionary<int, TaskRecord>();
        if (!Directory.Exists(_folder))
        {
            return tasks;
        }

        foreach (var file in Directory.EnumerateFiles(_folder, "task_*.json"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                LogSkipped(_logger, file, "the name is not task_{id}.json");
                continue;
            }

            try
            {
                var task = JsonSerializer.Deserialize(File.ReadAllText(file), TaskJsonContext.Default.TaskRecord);
                if (task is null || task.Id != id || task.Subject is null || task.Status is null)
                {
                    LogSkipped(_logger, file, "it is not a task of this board");
                    continue;
                }

                tasks[id] = Normalise(task);
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                LogSkipped(_logger, file, ex.Message);
            }
        }

        return tasks;
    }

    private static TaskRecord Normalise(TaskRecord task) => task with
    {
        Description = task.Description ?? string.Empty,
        Owner = task.Owner ?? string.Empty,
        ActiveForm = task.ActiveForm ?? task.Subject,
        BlockedBy = task.BlockedBy ?? [],
        Blocks = task.Blocks ?? [],
        Metadata = task.Metadata ?? new Dictionary<string, JsonElement>(),
    };

    private int HighestFileId()
    {
        var highest = 0;
        if (Directory.Exists(_folder))
        {
            foreach (var file in Directory.EnumerateFiles(_folder, "task_*.json"))
            {
                if (int.TryParse(Path.GetFileNameWithoutExtension(file).AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    highest = Math.Max(highest, id);
                }
            }
        }

        return highest;
    }

    private int ReadNextId()
    {
        var file = Path.Combine(_folder, ".next_id");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var next) ? next : 1;
    }

    private Task<long> WriteNextIdAsync(int next, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(Path.Combine(_folder, ".next_id"), next.ToString(CultureInfo.InvariantCulture), cancellationToken);

    private string FileOf(int id) => Path.Combine(_folder, string.Create(CultureInfo.InvariantCulture, $"task_{id}.json"));

    private Task<long> SaveAsync(TaskRecord task, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(FileOf(task.Id), ToJson(task) + "\n", cancellationToken);

    private async Task SaveAllAsync(IEnumerable<TaskRecord> tasks, CancellationToken cancellationToken)
    {
        foreach (var task in tasks)
        {
            await SaveAsync(task, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Skipping {File} in the task board: {Reason}.")]
    private static partial void LogSkipped(ILogger logger, string file, string reason);
}
