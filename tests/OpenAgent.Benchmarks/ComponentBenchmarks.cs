using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using OpenAgent.Core.Tools;
using OpenAgent.Core.Tools.BuiltIn;
using OpenAgent.Core.Workspace;

namespace OpenAgent.Benchmarks;

/// <summary>The pieces of one tool call that the loop adds on top of a bare loop, measured one by one.</summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class ComponentBenchmarks
{
    private readonly ThinkTool _think = new();
    private readonly JsonElement _arguments = JsonElement.Parse("""{"thought":"check the next record"}""");
    private readonly Dictionary<string, object?> _dictionary = new() { ["key"] = "k1" };
    private string _workspace = null!;
    private WorkspaceListingCache _cache = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workspace = Path.Combine(Path.GetTempPath(), "openagent-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_workspace);
        Directory.SetLastWriteTimeUtc(_workspace, DateTime.UtcNow.AddHours(-1));
        _cache = new WorkspaceListingCache(_workspace);
        ToolArgumentValidator.Validate(_think, _arguments);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_workspace, recursive: true);

    [Benchmark(Description = "Validate arguments against the schema")]
    public string? Validate() => ToolArgumentValidator.Validate(_think, _arguments);

    [Benchmark(Description = "Arguments dictionary to JsonElement")]
    public JsonElement ArgumentsToJson() => ToolArguments.ToJsonElement(_dictionary);

    [Benchmark(Description = "List an empty workspace")]
    public int ListWorkspace() => WorkspaceFiles.List(_workspace).Count;

    [Benchmark(Description = "List an unchanged workspace (session cache)")]
    public int ListWorkspaceCached() => _cache.List().Count;
}
