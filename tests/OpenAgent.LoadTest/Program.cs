using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace OpenAgent.LoadTest;

/// <summary>The entry point (a class of its own: the web host's top-level <c>Program</c> is referenced too).</summary>
internal static class LoadTestProgram
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> Main(string[] args)
    {
        // dotnet run -c Release --project tests/OpenAgent.LoadTest -- --conversations 10,100,1000
        var conversations = new Option<string>("--conversations", "-n") { Description = "Comma-separated conversation counts: one round (a fresh server) each.", DefaultValueFactory = _ => "10,100,250,500,1000" };
        var messages = new Option<int>("--messages") { Description = "Timed messages per conversation.", DefaultValueFactory = _ => 2 };
        var turns = new Option<int>("--turns") { Description = "Model calls per message (a tool call each, and a final text).", DefaultValueFactory = _ => 4 };
        var latency = new Option<double>("--latency") { Description = "The model's latency to its first chunk, in milliseconds.", DefaultValueFactory = _ => 50 };
        var ramp = new Option<double>("--ramp") { Description = "Conversations start at random moments within this many seconds.", DefaultValueFactory = _ => 2 };
        var think = new Option<double>("--think") { Description = "Seconds a conversation waits after a done before its next message (a user reading and typing).", DefaultValueFactory = _ => 0 };
        var parallel = new Option<int>("--connect-parallelism") { Description = "Conversations created and connected at a time.", DefaultValueFactory = _ => 32 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds a round may take before it is abandoned.", DefaultValueFactory = _ => 600 };
        var store = new Option<string>("--store") { Description = "Where the host keeps conversations: sqlite (the sample's default) or memory.", DefaultValueFactory = _ => "sqlite" };
        store.AcceptOnlyFromAmong("sqlite", "memory");
        var json = new Option<string?>("--json") { Description = "Also write the results to this JSON file." };

        var root = new RootCommand("Load test for the OpenAgent web host: N WebSocket conversations against samples/WebHost on loopback.");
        foreach (var option in new Option[] { conversations, messages, turns, latency, ramp, think, parallel, timeout, store, json })
        {
            root.Options.Add(option);
        }

        root.SetAction(async (parsed, ct) =>
        {
            var settings = new LoadSettings(
                parsed.GetValue(messages),
                parsed.GetValue(turns),
                TimeSpan.FromMilliseconds(parsed.GetValue(latency)),
                TimeSpan.FromSeconds(parsed.GetValue(ramp)),
                TimeSpan.FromSeconds(parsed.GetValue(think)),
                parsed.GetValue(parallel),
                TimeSpan.FromSeconds(parsed.GetValue(timeout)),
                parsed.GetValue(store)!);
            var counts = parsed.GetValue(conversations)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; {settings.Messages} messages x {settings.Turns} model calls per conversation, " +
                $"model latency {settings.Latency.TotalMilliseconds} ms, start ramp {settings.Ramp.TotalSeconds} s, think time {settings.Think.TotalSeconds} s, {settings.Store} store");
            var results = new System.Collections.Generic.List<RoundResult>();
            try
            {
                foreach (var count in counts)
                {
                    Console.WriteLine($"round: {count} conversations");
                    results.Add(await LoadRound.RunAsync(count, settings, Console.WriteLine, ct));
                    foreach (var error in results[^1].FirstErrors)
                    {
                        Console.WriteLine($"  error: {error}");
                    }
                }
            }
            finally
            {
                ServerProcess.RemoveFolders();
            }

            Console.WriteLine();
            Console.WriteLine("| conversations | completed | errors | wall s | events/s | model calls/s | added p50 / p95 / p99 / max ms | overhead per call p50 / p99 ms | idle KB/conv | busy KB/conv | server CPU s | server KB allocated per model call | client CPU s | server RSS MB | GC pauses server / client ms (collections) |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---|");
            foreach (var r in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Conversations} | {r.Completed} | {r.Errors} | {r.WallSeconds:F1} | {r.EventsPerSecond:F0} | {r.ModelCallsPerSecond:F0} | " +
                    $"{r.AddedP50Ms:F2} / {r.AddedP95Ms:F2} / {r.AddedP99Ms:F2} / {r.AddedMaxMs:F1} | {r.PerCallOverheadP50Ms:F2} / {r.PerCallOverheadP99Ms:F2} | " +
                    $"{r.IdleKbPerConversation:F1} | {r.BusyKbPerConversation:F1} | {r.ServerCpuSeconds:F1} | {r.AllocatedKbPerModelCall:F1} | {r.ClientCpuSeconds:F1} | {r.ServerWorkingSetMb:F0} | " +
                    $"{r.ServerGcPauseMs:F0} ({r.ServerCollections}) / {r.ClientGcPauseMs:F0} ({r.ClientCollections}) |"));
            }

            if (parsed.GetValue(json) is { } path)
            {
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(results, Indented), ct);
            }

            return results.All(r => r.Errors == 0 && r.Completed == r.Conversations) ? 0 : 1;
        });

        // The server half, started by the rounds above as a process of its own.
        var server = new Command("server") { Hidden = true };
        server.Options.Add(latency);
        server.Options.Add(turns);
        server.Options.Add(store);
        server.SetAction(async (parsed, ct) =>
            await LoadServer.RunAsync(TimeSpan.FromMilliseconds(parsed.GetValue(latency)), parsed.GetValue(turns), parsed.GetValue(store)!, ct));
        root.Subcommands.Add(server);

        return await root.Parse(args).InvokeAsync();
    }
}
