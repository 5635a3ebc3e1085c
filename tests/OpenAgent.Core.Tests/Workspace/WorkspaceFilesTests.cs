using System.IO;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Workspace;
using Xunit;

namespace OpenAgent.Core.Tests.Workspace;

public sealed class WorkspaceFilesTests
{
    [Fact]
    public void Lists_files_recursively_sorted_skipping_the_state_folders()
    {
        using var ws = new TempWorkspace();
        ws.Write("b.txt", "b");
        ws.Write("sub/dir/deep.txt", "d");
        ws.Write(".agent/memory.md", "m");
        ws.Write(".transcripts/t.jsonl", "t");
        ws.Write(".tasks/task_1.json", "{}");
        ws.Write(".team/config.json", "{}");
        ws.Write("sub/.tasks/kept.txt", "only top-level state folders are hidden");

        var files = WorkspaceFiles.List(ws.Path);

        Assert.Equal(
            [new WorkspaceFile("b.txt", "b.txt"), new WorkspaceFile("kept.txt", "sub/.tasks/kept.txt"), new WorkspaceFile("deep.txt", "sub/dir/deep.txt")],
            files);
    }

    [Fact]
    public void A_missing_or_empty_workspace_lists_nothing()
    {
        using var ws = new TempWorkspace();

        Assert.Empty(WorkspaceFiles.List(ws.Path));
        Assert.Empty(WorkspaceFiles.List(Path.Combine(ws.Path, "missing")));
    }

    [Fact]
    public void Symlinks_are_not_followed_out_of_the_workspace()
    {
        using var ws = new TempWorkspace();
        using var outside = new TempWorkspace();
        outside.Write("secret.txt", "s");
        Directory.CreateSymbolicLink(Path.Combine(ws.Path, "link"), outside.Path);

        Assert.Empty(WorkspaceFiles.List(ws.Path));
    }
}
