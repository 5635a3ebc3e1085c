using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using OpenAgent.Core.Tools;
using OpenAgent.Core.Workspace;

namespace OpenAgent.Samples.ConsoleHost;

/// <summary>
/// Two small tools of the sample's own, registered with <c>AddFunction</c>: how an app adds its tools to the agent.
/// </summary>
internal static partial class NotesTools
{
    [Description("Saves a Markdown note in the workspace under notes/{title}.md, replacing any note of that title.")]
    public static string SaveNote(
        [Description("A short title: letters, digits, '-' or '_'.")] string title,
        [Description("The note's Markdown text.")] string text,
        AIFunctionArguments arguments)
    {
        if (!SafeTitle().IsMatch(title))
        {
            throw new ToolArgumentException("The title may only hold letters, digits, '-' and '_' (at most 60).", nameof(title));
        }

        var workspace = ((ToolCallContext)arguments.Context![typeof(ToolCallContext)]!).WorkspacePath;
        var folder = Path.Combine(workspace, "notes");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, title + ".md");
        File.WriteAllText(path, text);
        return $"Saved notes/{title}.md ({text.Length} characters).";
    }

    [Description("Lists the files in the workspace.")]
    public static string ListWorkspace(AIFunctionArguments arguments)
    {
        var workspace = ((ToolCallContext)arguments.Context![typeof(ToolCallContext)]!).WorkspacePath;
        var files = WorkspaceFiles.List(workspace);
        return files.Count == 0 ? "The workspace is empty." : string.Join("\n", files.Select(f => f.Path));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,60}$")]
    private static partial Regex SafeTitle();
}
