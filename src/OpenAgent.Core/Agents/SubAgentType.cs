using System.Collections.Generic;

namespace OpenAgent.Core.Agents;

/// <summary>
/// A kind of sub-agent the <c>task</c> tool can start: its name, what it is for, its tools and its instructions.
/// </summary>
/// <param name="Name">The type's name (<c>general</c>, <c>explore</c>, <c>code</c>, <c>plan</c>, <c>research</c>).</param>
/// <param name="Description">One line on when to use it, shown to the main agent.</param>
/// <param name="Tools">The tools it may use; <see langword="null"/> for every tool of the session except <c>task</c>.</param>
/// <param name="Instructions">What it is told about its job.</param>
public sealed record SubAgentType(string Name, string Description, IReadOnlyList<string>? Tools, string Instructions)
{
    private const string Parallel = " Call independent tools in the same reply so they run in parallel.";

    /// <summary>Gets the built-in types.</summary>
    public static IReadOnlyList<SubAgentType> BuiltIn { get; } =
    [
        new("general", "Multi-step work that needs every tool.", null,
            "Carry out the task completely, using whatever tools it needs." + Parallel),
        new("explore", "Read-only exploration: find files, read code, answer questions about the workspace.", ["bash", "read_file", "think"],
            "Explore and report. You only read: do not create, change or delete anything." + Parallel),
        new("code", "Implement a change: write and edit files, run and fix.", null,
            "Implement the change, run it or its tests, and fix what fails." + Parallel),
        new("plan", "Design an approach without changing anything.", ["bash", "read_file", "think"],
            "Study what is needed and write a step-by-step plan. Change nothing." + Parallel),
        new("research", "Gather information and write the findings to a file.", ["bash", "read_file", "write_file", "think"],
            "Gather the information asked for and write your findings to a file in the workspace, with sources." + Parallel),
    ];
}
