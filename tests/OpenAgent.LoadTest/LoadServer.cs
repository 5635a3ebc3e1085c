using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.AspNetCore;
using OpenAgent.Core.Conversations;

namespace OpenAgent.LoadTest;

/// <summary>
/// The server half: samples/WebHost itself (its Program, through WebApplicationFactory on real Kestrel, loopback, a free
/// port) with the latency model, its SQLite store (or, with <c>--store memory</c>, the in-memory one) and workspaces in a temp folder, and Warning-level logs. It adds one
/// endpoint, <c>GET /_load/stats</c> (<c>?gc=true</c> collects first), and stops when its standard input closes.
/// </summary>
internal static class LoadServer
{
    public static async Task<int> RunAsync(TimeSpan latency, int turns, string store, CancellationToken cancellationToken)
    {
        // WebApplicationFactory finds the sample's content root through MvcTestingAppManifest.json in the current folder.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var folder = Directory.CreateTempSubdirectory("openagent-load-").FullName;
        var control = new LoadControl();
        using var sampler = Environment.GetEnvironmentVariable("OPENAGENT_LOAD_ALLOC") == "1" ? new AllocationSampler() : null;
        await using (var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("urls", "http://127.0.0.1:0");
            b.UseSetting("OpenAgent:WorkspaceDir", Path.Combine(folder, "workspaces"));
            b.UseSetting("OpenAgent:Store:ConnectionString", $"Data Source={Path.Combine(folder, "load.db")}");
            b.UseSetting("OpenAgent:EnableMemory", "false");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.ConfigureServices(s =>
            {
                s.AddChatClient(new LatencyChatClient(latency, turns, control));
                s.AddSingleton<IStartupFilter>(new StatsEndpoint(control));
                if (store == "memory")
                {
                    // The store's share of the cost: the same host keeping conversations in memory only.
                    s.AddSingleton<IConversationStore, InMemoryConversationStore>();
                }
            });
        }))
        {
            factory.UseKestrel();
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            await Console.Out.WriteLineAsync($"ready {address} {Environment.ProcessId} {folder}");
            await Console.Out.FlushAsync(cancellationToken);
            while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line == "release")
                {
                    control.Release();
                }
            }
        }

        if (sampler is not null)
        {
            await Console.Error.WriteLineAsync(sampler.Report());
        }

        // The client removes the folder once every round is over (see ServerProcess.RemoveFolders).
        return 0;
    }

    private static YoungCollection? Young(GCMemoryInfo info)
    {
        if (info.Index == 0)
        {
            return null;
        }

        var pause = 0.0;
        foreach (var duration in info.PauseDurations)
        {
            pause += duration.TotalMilliseconds;
        }

        return new YoungCollection(info.Generation, pause, info.PromotedBytes / 1024.0, info.PinnedObjectsCount, info.HeapSizeBytes / 1024.0, info.PauseTimePercentage);
    }

    private sealed class StatsEndpoint(LoadControl control) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/_load/stats", stats => stats.Run(async context =>
            {
                if (context.Request.Query["gc"] == "true")
                {
                    for (var i = 0; i < 3; i++)
                    {
                        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                        GC.WaitForPendingFinalizers();
                    }
                }

                using var process = Process.GetCurrentProcess();
                await context.Response.WriteAsJsonAsync(new ServerStats(
                    GC.GetTotalMemory(forceFullCollection: false),
                    process.WorkingSet64,
                    process.TotalProcessorTime.TotalMilliseconds,
                    context.RequestServices.GetRequiredService<ConversationService>().OpenSessionCount,
                    control.Held,
                    GC.GetTotalAllocatedBytes(),
                    GC.GetTotalPauseDuration().TotalMilliseconds,
                    GC.CollectionCount(0),
                    Young(GC.GetGCMemoryInfo(GCKind.Ephemeral))));
            }));
            next(app);
        };
    }
}

/// <summary>What <c>/_load/stats</c> reports.</summary>
internal sealed record ServerStats(long ManagedBytes, long WorkingSetBytes, double CpuMilliseconds, int OpenSessions, int Held, long AllocatedBytes, double GcPauseMilliseconds, int Collections, YoungCollection? LastYoung);

/// <summary>The server's last gen0/gen1 collection: how long it paused and how much it kept.</summary>
internal sealed record YoungCollection(int Generation, double PauseMilliseconds, double PromotedKb, long PinnedObjects, double HeapKb, double PauseTimePercent);
