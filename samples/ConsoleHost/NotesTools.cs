using System.ComponentModel;
using System.Linq;
using Microsoft.Extensions.AI;
using OpenAgent.Core.Tools;
using OpenAgent.Core.Workspace;

namespace OpenAgent.Samples.ConsoleHost;

/// <summary>
/// A tool of the sample's own, registered with <c>AddFunction</c>: how an app adds its tools to the agent.
/// </summary>
internal static class NotesTools
{
    [Description("Lists the files in the workspace.")]
    public static string ListWorkspace(AIFunctionArguments arguments)
    {
        var workspace = ((ToolCallContext)arguments.Context![typeof(ToolCallContext)]!).WorkspacePath;
        var files = WorkspaceFiles.List(workspace);
        return files.Count == 0 ? "The workspace is empty." : string.Join("\n", files.Select(f => f.Path));
    }
}
