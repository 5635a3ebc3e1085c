using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Tools;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Tools.BuiltIn;

/// <summary>
/// The file tools against a real workspace that sits next to a sentinel folder, with links that point out of it.
/// Nothing outside the workspace may be read or written.
/// </summary>
public sealed class FileToolsTests : IAsyncLifetime
{
    private readonly HostileWorkspace _root = new();
    private AgentHarness _harness = null!;
    private AgentSession _session = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Workspace => _root.Workspace;

    public ValueTask InitializeAsync()
    {
        _harness = new AgentHarness(options: o => o.WorkspaceDir = Workspace);
        _session = _harness.NewSession();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        await _harness.DisposeAsync();
        _root.Dispose();
    }

    private Task<ToolResult> Call(string tool, object arguments) => _session.InvokeToolAsync(tool, arguments, Ct);

    private void AssertSentinelUntouched() => _root.AssertSentinelUntouched();

    public static TheoryData<string, string, string> HostileCalls => new()
    {
        { "read_file", """{"path":"../sentinel/secret.txt"}""", "escapes workspace" },
        { "read_file", """{"path":"sub/../../sentinel/secret.txt"}""", "escapes workspace" },
        { "read_file", """{"path":"sub/./../../sentinel"}""", "escapes workspace" },
        { "read_file", """{"path":"..\\sentinel\\secret.txt"}""", "escapes workspace" },
        { "read_file", """{"path":"/etc/passwd"}""", "is absolute" },
        { "read_file", """{"path":"~/.bashrc"}""", "is absolute" },
        { "read_file", """{"path":"out_file"}""", "escapes workspace through the symbolic link" },
        { "read_file", """{"path":"out_relative"}""", "escapes workspace through the symbolic link" },
        { "read_file", """{"path":"out_dir/secret.txt"}""", "escapes workspace through the symbolic link" },
        { "read_file", """{"path":"chain1/secret.txt"}""", "escapes workspace through the symbolic link" },
        { "read_file", """{"path":"abs_link/passwd"}""", "escapes workspace through the symbolic link" },
        { "read_file", """{"path":"dev"}""", "escapes workspace through the symbolic link" },
        { "read_file", """{"path":"a\u0000b"}""", "null byte" },
        { "read_file", """{"path":"pipe"}""", "device, pipe or socket" },
        { "read_file", """{"path":"binary.bin"}""", "binary file" },
        { "read_file", """{"path":""}""", "A path is required" },
        { "read_file", """{"path":"sub"}""", "is a folder" },
        { "read_file", """{"path":"missing.txt"}""", "File not found" },
        { "read_file", """{"path":42}""", "Invalid arguments" },
        { "write_file", """{"path":"../sentinel/pwned.txt","content":"x"}""", "escapes workspace" },
        { "write_file", """{"path":"out_dir/pwned.txt","content":"x"}""", "escapes workspace through the symbolic link" },
        { "write_file", """{"path":"out_file","content":"overwritten"}""", "escapes workspace through the symbolic link" },
        { "write_file", """{"path":"broken_out","content":"x"}""", "escapes workspace through the symbolic link" },
        { "write_file", """{"path":"/tmp/pwned.txt","content":"x"}""", "is absolute" },
        { "write_file", """{"path":"pipe","content":"x"}""", "device, pipe or socket" },
        { "write_file", """{"path":"sub","content":"x"}""", "is a folder" },
        { "write_file", """{"path":"x.txt"}""", "content" },
        { "edit_file", """{"path":"out_file","old_text":"secret","new_text":"public"}""", "escapes workspace through the symbolic link" },
        { "edit_file", """{"path":"../sentinel/secret.txt","old_text":"secret","new_text":"public"}""", "escapes workspace" },
        { "edit_file", """{"path":"notes.txt","old_text":"","new_text":"x"}""", "must not be empty" },
        { "edit_file", """{"path":"notes.txt","old_text":"line 9","new_text":"x"}""", "was not found in notes.txt" },
        { "edit_file", """{"path":"notes.txt","old_text":"line","new_text":"x"}""", "occurs 5 times in notes.txt" },
    };

    [Theory]
    [MemberData(nameof(HostileCalls))]
    public async Task Hostile_calls_are_refused_with_a_clear_error_and_nothing_outside_changes(string tool, string arguments, string expected)
    {
        var result = await Call(tool, JsonElement.Parse(arguments));

        Assert.True(result.IsError, result.Content);
        Assert.StartsWith("Error: ", result.Content, StringComparison.Ordinal);
        Assert.Contains(expected, result.Content, StringComparison.Ordinal);
        AssertSentinelUntouched();
        Assert.False(File.Exists(Path.Combine(_root.Sentinel, "created-through-link.txt")));
    }

    [Fact]
    public async Task Links_that_stay_inside_the_workspace_are_followed()
    {
        var read = await Call("read_file", new { path = "in_link/inner.txt" });
        var write = await Call("write_file", new { path = "in_link/new.txt", content = "via link" });

        Assert.Equal("inside", read.Content);
        Assert.False(write.IsError, write.Content);
        Assert.Equal("via link", File.ReadAllText(Path.Combine(Workspace, "sub", "new.txt")));
    }

    [Fact]
    public async Task Read_file_reads_windows_of_lines_and_says_what_was_left_out()
    {
        Assert.Equal("line 1\nline 2\nline 3\nline 4\nline 5\n", (await Call("read_file", new { path = "notes.txt" })).Content);
        Assert.Equal("line 1\nline 2\n... (3 more lines)", (await Call("read_file", new { path = "notes.txt", limit = 2 })).Content);
        Assert.Equal("line 3\nline 4\n... (1 more lines)", (await Call("read_file", new { path = "notes.txt", offset = 3, limit = 2 })).Content);
        Assert.Equal("line 5", (await Call("read_file", new { path = "./notes.txt", offset = 5 })).Content);
    }

    [Fact]
    public async Task Read_file_caps_huge_files_with_a_note()
    {
        File.WriteAllText(Path.Combine(Workspace, "big.txt"), new string('x', 120_000));

        var result = await Call("read_file", new { path = "big.txt" });

        Assert.StartsWith(new string('x', 50_000) + "\n... [cut: 70,000 more characters", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_file_creates_folders_replaces_atomically_and_counts_bytes()
    {
        var first = await Call("write_file", new { path = "deep/new/dir/file.txt", content = "héllo" });
        var second = await Call("write_file", new { path = "deep/new/dir/file.txt", content = "replaced" });

        Assert.Equal("Wrote 6 bytes to deep/new/dir/file.txt.", first.Content);
        Assert.Equal("Wrote 8 bytes to deep/new/dir/file.txt.", second.Content);
        Assert.Equal("replaced", File.ReadAllText(Path.Combine(Workspace, "deep", "new", "dir", "file.txt")));
        Assert.Equal(["file.txt"], Directory.GetFiles(Path.Combine(Workspace, "deep", "new", "dir")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Edit_file_replaces_the_one_exact_match()
    {
        var result = await Call("edit_file", new { path = "notes.txt", old_text = "line 3\n", new_text = "third line\n" });

        Assert.Equal("Edited notes.txt: replaced 1 occurrence.", result.Content);
        Assert.Equal("line 1\nline 2\nthird line\nline 4\nline 5\n", File.ReadAllText(Path.Combine(Workspace, "notes.txt")));
    }

    [Fact]
    public async Task The_loop_goes_on_after_hostile_calls_and_the_sentinel_stays_untouched()
    {
        _harness.Model
            .Enqueue(ScriptedTurn.ToolCall("read_file", new { path = "../sentinel/secret.txt" })
                .WithToolCall("write_file", new { path = "out_dir/pwned.txt", content = "x" })
                .WithToolCall("edit_file", new { path = "out_file", old_text = "top", new_text = "no" }))
            .Enqueue(ScriptedTurn.ToolCall("write_file", new { path = "report.md", content = "# Report" }))
            .EnqueueText("Done within the workspace.");

        var result = await _session.RunAsync("try to escape", _harness.Sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.All(_harness.Model.Requests[1].ToolResults, r => Assert.StartsWith("Error: ", (string)r.Result!, StringComparison.Ordinal));
        Assert.Equal("# Report", File.ReadAllText(Path.Combine(Workspace, "report.md")));
        AssertSentinelUntouched();
    }
}
