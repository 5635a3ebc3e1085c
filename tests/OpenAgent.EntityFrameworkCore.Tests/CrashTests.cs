using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenAgent.Core.Conversations;
using OpenAgent.Core.Tasks;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.EntityFrameworkCore.Tests;

/// <summary>
/// An agent host killed with SIGKILL at random moments while it writes tasks, transcripts, memory, team mail and the
/// SQLite store, 200 times over one workspace: afterwards everything parses and the store opens.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("openagent-crash-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Writer
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory);
            var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "tests", "OpenAgent.CrashWriter", "bin", output.Parent.Name, "net10.0", "OpenAgent.CrashWriter.dll");
        }
    }

    [Fact]
    public async Task Two_hundred_SIGKILLs_mid_write_leave_every_file_parseable_and_the_store_openable()
    {
        var workspace = Path.Combine(_folder, "workspace");
        var database = Path.Combine(_folder, "store.db");
        var random = new Random(20261124);
        var ticks = 0;
        for (var kill = 0; kill < 200; kill++)
        {
            // At low priority (nice execs dotnet in place, so the kill still hits the writer), so the 200 restarts do not
            // slow down the test projects running beside this one.
            var start = new ProcessStartInfo("nice") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add("15");
            start.ArgumentList.Add("dotnet");
            start.ArgumentList.Add(Writer);
            start.ArgumentList.Add(workspace);
            start.ArgumentList.Add(database);
            using var process = Process.Start(start)!;
            var ready = await process.StandardOutput.ReadLineAsync(Ct);
            Assert.Equal("ready", ready);
            var firstRound = new TaskCompletionSource();
            var drain = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync(Ct) is { } line)
                {
                    if (line.StartsWith("tick ", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref ticks);
                        firstRound.TrySetResult();
                    }
                }
            }, Ct);

            // Once it is writing steadily (a round takes about 15 ms), kill it at a random moment within the next rounds.
            await firstRound.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            await Task.Delay(random.Next(0, 50), Ct);
            process.Kill();   // SIGKILL: no finally block, no flush, no dispose runs.
            await process.WaitForExitAsync(Ct);
            await drain;
        }

        // Tasks: every file is a whole task.
        var taskFiles = Directory.GetFiles(Path.Combine(workspace, ".tasks"), "task_*.json");
        foreach (var file in taskFiles)
        {
            var task = JsonSerializer.Deserialize<TaskRecord>(await File.ReadAllTextAsync(file, Ct));
            Assert.NotNull(task);
        }

        using (var board = new TaskBoard(workspace))
        {
            Assert.Equal(taskFiles.Length, board.List().Count);
        }

        // Transcripts: every line of every file is a message.
        var transcripts = Directory.GetFiles(Path.Combine(workspace, ".transcripts"), "*.jsonl");
        foreach (var file in transcripts)
        {
            foreach (var line in await File.ReadAllLinesAsync(file, Ct))
            {
                JsonDocument.Parse(line).Dispose();
            }
        }

        // Memory: whole, never cut.
        var memory = await OpenAgent.Core.Prompts.AgentMemory.ReadAsync(workspace, Ct);
        Assert.StartsWith("# Memory\n- round ", memory, StringComparison.Ordinal);
        Assert.EndsWith("\n", memory, StringComparison.Ordinal);

        // Team mail: appended lines; only a line being written when the process died may be cut, and the bus skips it.
        var mail = await File.ReadAllLinesAsync(Path.Combine(workspace, ".team", "inbox", "worker.jsonl"), Ct);
        var torn = mail.Count(line => { try { JsonDocument.Parse(line).Dispose(); return false; } catch (JsonException) { return true; } });
        var bus = new OpenAgent.Core.Teams.MessageBus(Path.Combine(workspace, ".team", "inbox"));
        Assert.Equal(mail.Length - torn, bus.Pending("worker"));

        // The store opens, and every conversation in it loads.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddChatClient(new ScriptedChatClient());
        services.AddOpenAgent().AddEntityFrameworkStore(o => o.ConnectionString = $"Data Source={database};Pooling=False");
        await using var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        var store = provider.GetRequiredService<IConversationStore>();
        var conversations = await store.ListAsync(Ct);
        foreach (var summary in conversations)
        {
            var conversation = await store.GetAsync(summary.Id, Ct);
            Assert.True(conversation!.State.Messages.Count > 0);
        }

        var leftovers = Directory.GetFiles(workspace, "*.tmp", SearchOption.AllDirectories).Length;
        TestContext.Current.SendDiagnosticMessage(
            $"200 kills, {ticks} completed rounds: {taskFiles.Length} tasks, {transcripts.Length} transcripts, {mail.Length} mail lines ({torn} torn), " +
            $"{conversations.Count} stored conversations, {leftovers} abandoned temporary files");
        Assert.True(ticks > 0);
        Assert.True(torn <= 200, $"{torn} torn mail lines for 200 kills");
    }
}
