using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace OpenAgent.AspNetCore.Tests;

public sealed class RestEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    [Fact]
    public async Task Health_conversations_create_list_get_and_delete_follow_the_seeds_JSON()
    {
        await using var h = await WebHarness.StartAsync(o => o.ModelId = "model-under-test");

        var health = await JsonOf(await h.Http.GetAsync("/health", Ct));
        var id = await h.CreateConversationAsync(new { preset = "work", enable_teams = true, enable_approval = true, system_prompt = "Be terse." });
        var list = await JsonOf(await h.Http.GetAsync("/api/conversations", Ct));
        var detail = await JsonOf(await h.Http.GetAsync($"/api/conversations/{id}", Ct));
        var missing = await h.Http.GetAsync("/api/conversations/nope", Ct);
        var deleted = await JsonOf(await h.Http.DeleteAsync($"/api/conversations/{id}", Ct));
        var deletedAgain = await h.Http.DeleteAsync($"/api/conversations/{id}", Ct);

        Assert.Equal("""{"status":"ok","model":"model-under-test"}""", health.GetRawText());
        Assert.Matches("^[0-9a-f]{12}$", id);
        Assert.Equal(id, list[0].GetProperty("id").GetString());
        Assert.Equal(0, list[0].GetProperty("message_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, list[0].GetProperty("title").ValueKind);
        Assert.Equal(("work", true, true, false, false, "Be terse."),
            (detail.GetProperty("preset").GetString(), detail.GetProperty("enable_teams").GetBoolean(), detail.GetProperty("enable_approval").GetBoolean(),
             detail.GetProperty("enable_tracing").GetBoolean(), detail.GetProperty("enable_plan_mode").GetBoolean(), detail.GetProperty("system_prompt").GetString()));
        Assert.Equal(0, detail.GetProperty("messages").GetArrayLength());
        Assert.Equal(0, detail.GetProperty("total_input_tokens").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("deleted", deleted.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(h.Root, "workspaces", id)));
    }

    [Fact]
    public async Task Tools_presets_and_skills_are_listed_and_a_skill_can_be_uploaded_but_not_with_an_unsafe_name()
    {
        // The skills folder lives in the harness's own folder, so it goes when the harness does.
        var root = Directory.CreateTempSubdirectory("openagent-web-").FullName;
        await using var h = await WebHarness.StartAsync(o => o.SkillsDir = Path.Combine(root, "skills"), root: root);

        var tools = await JsonOf(await h.Http.GetAsync("/api/tools", Ct));
        var presets = await JsonOf(await h.Http.GetAsync("/api/presets", Ct));
        var added = await h.Http.PostAsJsonAsync("/api/skills", new { name = "release-notes", description = "Write release notes.", body = "# Notes\nUse git log." }, Ct);
        var unsafeName = await h.Http.PostAsJsonAsync("/api/skills", new { name = "../escape", description = "x", body = "y" }, Ct);
        var skills = await JsonOf(await h.Http.GetAsync("/api/skills", Ct));

        Assert.Contains(tools.EnumerateArray(), t => t.GetProperty("name").GetString() == "bash" && t.GetProperty("description").GetString()!.Length > 10);
        Assert.Equal(["coding", "work"], presets.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unsafeName.StatusCode);
        Assert.Contains("not a valid skill name", (await JsonOf(unsafeName)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(skills.EnumerateArray(), s => s.GetProperty("name").GetString() == "release-notes");
        Assert.Contains(skills.EnumerateArray(), s => s.GetProperty("name").GetString() == "code-review");
    }

    [Fact]
    public async Task Uploads_go_into_the_conversations_own_workspace_with_their_base_name_only_and_can_be_listed_previewed_and_downloaded()
    {
        await using var h = await WebHarness.StartAsync(web: w => w.MaxUploadBytes = 1024);
        var id = await h.CreateConversationAsync();
        var other = await h.CreateConversationAsync();

        using var form = new MultipartFormDataContent
        {
            { new StringContent("print('hello')\n"), "file", "../../etc/evil.py" },
        };
        var uploaded = await JsonOf(await h.Http.PostAsync($"/api/workspace/upload?conversation_id={id}&subdir=src", form, Ct));
        var files = await JsonOf(await h.Http.GetAsync($"/api/workspace/files?conversation_id={id}", Ct));
        var otherFiles = await JsonOf(await h.Http.GetAsync($"/api/workspace/files?conversation_id={other}", Ct));
        var preview = await JsonOf(await h.Http.GetAsync($"/api/workspace/file/src/evil.py?conversation_id={id}", Ct));
        var download = await h.Http.GetStringAsync($"/api/files/{id}/src/evil.py", Ct);

        Assert.Equal("src/evil.py", uploaded.GetProperty("files")[0].GetProperty("path").GetString());
        Assert.Equal("src/evil.py", files[0].GetProperty("path").GetString());
        Assert.Equal(0, otherFiles.GetArrayLength());
        Assert.Equal(("python", false, false, "print('hello')\n"),
            (preview.GetProperty("language").GetString(), preview.GetProperty("binary").GetBoolean(), preview.GetProperty("truncated").GetBoolean(), preview.GetProperty("content").GetString()));
        Assert.Equal("print('hello')\n", download);
        Assert.True(File.Exists(Path.Combine(h.Root, "workspaces", id, "src", "evil.py")));
    }

    [Fact]
    public async Task Bad_uploads_and_paths_are_refused_with_clear_errors()
    {
        await using var h = await WebHarness.StartAsync(web: w => { w.MaxUploadBytes = 1024; w.PreviewBytes = 10; });
        var id = await h.CreateConversationAsync();
        var workspace = Path.Combine(h.Root, "workspaces", id);
        Directory.CreateDirectory(Path.Combine(workspace, ".agent"));
        await File.WriteAllTextAsync(Path.Combine(workspace, ".agent", "memory.md"), "private", Ct);
        await File.WriteAllBytesAsync(Path.Combine(workspace, "blob.dat"), [1, 2, 0, 3], Ct);
        await File.WriteAllTextAsync(Path.Combine(workspace, "long.txt"), "0123456789abcdefghij", Ct);

        using var big = new MultipartFormDataContent { { new ByteArrayContent(new byte[2048]), "file", "big.bin" } };
        var tooBig = await h.Http.PostAsync($"/api/workspace/upload?conversation_id={id}", big, Ct);
        using var hidden = new MultipartFormDataContent { { new StringContent("x"), "file", "notes.md" } };
        var intoState = await h.Http.PostAsync($"/api/workspace/upload?conversation_id={id}&subdir=.tasks", hidden, Ct);
        var noConversation = await h.Http.GetAsync("/api/workspace/files", Ct);
        var privateDownload = await h.Http.GetAsync($"/api/files/{id}/.agent/memory.md", Ct);
        File.CreateSymbolicLink(Path.Combine(workspace, "etc-link"), "/etc");
        var outside = await h.Http.GetAsync($"/api/workspace/file/etc-link/passwd?conversation_id={id}", Ct);
        var outsideDownload = await h.Http.GetAsync($"/api/files/{id}/etc-link/passwd", Ct);
        var encoded = await h.Http.GetAsync($"/api/files/{id}/..%2F..%2F..%2Fetc%2Fpasswd", Ct);
        var binary = await JsonOf(await h.Http.GetAsync($"/api/workspace/file/blob.dat?conversation_id={id}", Ct));
        var truncated = await JsonOf(await h.Http.GetAsync($"/api/workspace/file/long.txt?conversation_id={id}", Ct));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Contains("at most 1,024 bytes", (await JsonOf(tooBig)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, intoState.StatusCode);
        Assert.Contains("state folder '.tasks'", (await JsonOf(intoState)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noConversation.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, privateDownload.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Contains("symbolic link", (await JsonOf(outside)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, outsideDownload.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, encoded.StatusCode);
        Assert.True(binary.GetProperty("binary").GetBoolean());
        Assert.Equal(JsonValueKind.Null, binary.GetProperty("content").ValueKind);
        Assert.Equal(("0123456789", true, 20), (truncated.GetProperty("content").GetString(), truncated.GetProperty("truncated").GetBoolean(), truncated.GetProperty("size").GetInt32()));
        Assert.False(File.Exists(Path.Combine(workspace, "big.bin")));
        Assert.Empty(Directory.EnumerateFiles(workspace, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task With_an_API_key_requests_need_it_as_a_bearer_token_and_health_stays_open()
    {
        await using var h = await WebHarness.StartAsync(web: w => w.ApiKey = "s3cret-key-for-tests");

        var anonymous = await h.Http.GetAsync("/api/conversations", Ct);
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/conversations") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "nope") } };
        var right = new HttpRequestMessage(HttpMethod.Get, "/api/conversations") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-key-for-tests") } };

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.Http.SendAsync(wrong, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Http.SendAsync(right, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Http.GetAsync("/health", Ct)).StatusCode);
    }

    [Fact]
    public async Task Without_an_API_key_the_host_refuses_to_listen_beyond_loopback()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => WebHarness.StartAsync(url: "http://0.0.0.0:0"));

        Assert.Contains("may only listen on loopback", ex.Message, StringComparison.Ordinal);
    }
}
