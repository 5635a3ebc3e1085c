using System;
using System.IO;
using System.Linq;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Workspace;
using Xunit;

namespace OpenAgent.Core.Tests.Workspace;

public sealed class WorkspaceListingCacheTests
{
    private static void Settle(TempWorkspace ws)
    {
        // Pretend nothing has changed for an hour, so the listing may be reused.
        var past = DateTime.UtcNow.AddHours(-1);
        foreach (var folder in Directory.GetDirectories(ws.Path, "*", SearchOption.AllDirectories).Append(ws.Path))
        {
            Directory.SetLastWriteTimeUtc(folder, past);
        }
    }

    [Fact]
    public void A_settled_workspace_is_listed_once_and_then_reused()
    {
        using var ws = new TempWorkspace();
        ws.Write("a.txt", "a");
        ws.Write("sub/b.txt", "b");
        Settle(ws);
        var cache = new WorkspaceListingCache(ws.Path);

        var first = cache.List();
        var second = cache.List();

        Assert.Equal(["a.txt", "sub/b.txt"], first.Select(f => f.Path));
        Assert.Same(first, second);
    }

    [Fact]
    public void Files_added_removed_or_renamed_anywhere_are_seen_at_once()
    {
        using var ws = new TempWorkspace();
        ws.Write("a.txt", "a");
        ws.Write("sub/deep/b.txt", "b");
        Settle(ws);
        var cache = new WorkspaceListingCache(ws.Path);
        cache.List();

        ws.Write("sub/deep/c.txt", "c");
        Assert.Equal(["a.txt", "sub/deep/b.txt", "sub/deep/c.txt"], cache.List().Select(f => f.Path));

        Settle(ws);
        cache.List();
        File.Move(Path.Combine(ws.Path, "a.txt"), Path.Combine(ws.Path, "z.txt"));
        Assert.Equal(["sub/deep/b.txt", "sub/deep/c.txt", "z.txt"], cache.List().Select(f => f.Path));

        Settle(ws);
        cache.List();
        File.Delete(Path.Combine(ws.Path, "sub", "deep", "b.txt"));
        Assert.Equal(["sub/deep/c.txt", "z.txt"], cache.List().Select(f => f.Path));
    }

    [Fact]
    public void A_workspace_that_just_changed_is_read_again_every_time()
    {
        using var ws = new TempWorkspace();
        ws.Write("a.txt", "a");
        var cache = new WorkspaceListingCache(ws.Path);

        var first = cache.List();
        var second = cache.List();

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_missing_workspace_lists_nothing_until_it_appears()
    {
        using var ws = new TempWorkspace();
        var path = Path.Combine(ws.Path, "later");
        var cache = new WorkspaceListingCache(path);

        Assert.Empty(cache.List());
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "x.txt"), "x");

        Assert.Equal(["x.txt"], cache.List().Select(f => f.Path));
    }
}
