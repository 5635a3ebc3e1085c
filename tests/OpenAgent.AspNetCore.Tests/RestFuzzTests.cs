using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace OpenAgent.AspNetCore.Tests;

/// <summary>Every REST endpoint fed bad ids, traversal, huge bodies and wrong types: a clear 4xx, never a 5xx or a leak.</summary>
public sealed class RestFuzzTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bad_ids_traversal_huge_bodies_and_wrong_types_get_4xx_answers_and_nothing_leaks()
    {
        await using var h = await WebHarness.StartAsync(web: w => w.MaxUploadBytes = 4096);
        var id = await h.CreateConversationAsync();
        var outside = Path.Combine(h.Root, "secret.txt");
        await File.WriteAllTextAsync(outside, "TOP-SECRET-CONTENT", Ct);

        string[] ids = ["nope", "..", "%2e%2e", "000000000000", new string('a', 5000), "<script>", "id with spaces", "%00", "conversations"];
        string[] paths = ["../secret.txt", "..%2Fsecret.txt", "%2e%2e/%2e%2e/secret.txt", "/etc/passwd", "a/../../secret.txt", ".agent/memory.md", "nul%00byte", "%2F..%2F..%2Fsecret.txt"];
        var requests = new System.Collections.Generic.List<(string What, HttpRequestMessage Request)>();
        foreach (var bad in ids)
        {
            requests.Add(($"GET conversation {bad}", new HttpRequestMessage(HttpMethod.Get, $"/api/conversations/{bad}")));
            requests.Add(($"DELETE conversation {bad}", new HttpRequestMessage(HttpMethod.Delete, $"/api/conversations/{bad}")));
            requests.Add(($"files of {bad}", new HttpRequestMessage(HttpMethod.Get, $"/api/workspace/files?conversation_id={bad}")));
            requests.Add(($"download from {bad}", new HttpRequestMessage(HttpMethod.Get, $"/api/files/{bad}/x.txt")));
        }

        foreach (var path in paths)
        {
            requests.Add(($"preview {path}", new HttpRequestMessage(HttpMethod.Get, $"/api/workspace/file/{path}?conversation_id={id}")));
            requests.Add(($"download {path}", new HttpRequestMessage(HttpMethod.Get, $"/api/files/{id}/{path}")));
            var form = new MultipartFormDataContent { { new StringContent("x"), "file", path } };
            requests.Add(($"upload named {path}", new HttpRequestMessage(HttpMethod.Post, $"/api/workspace/upload?conversation_id={id}&subdir=..") { Content = form }));
        }

        string[] bodies = ["{", "[]", "42", "\"text\"", "{\"enable_teams\": \"yes\"}", "{\"preset\": 12}", new string('{', 10_000), "{\"system_prompt\": " + new string('[', 5000) + "}"];
        foreach (var body in bodies)
        {
            requests.Add(($"create chat with {body[..Math.Min(20, body.Length)]}", new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = new StringContent(body, Encoding.UTF8, "application/json") }));
            requests.Add(($"add skill with {body[..Math.Min(20, body.Length)]}", new HttpRequestMessage(HttpMethod.Post, "/api/skills") { Content = new StringContent(body, Encoding.UTF8, "application/json") }));
        }

        requests.Add(("huge upload", new HttpRequestMessage(HttpMethod.Post, $"/api/workspace/upload?conversation_id={id}") { Content = new MultipartFormDataContent { { new ByteArrayContent(new byte[1 << 20]), "file", "big.bin" } } }));
        requests.Add(("upload, not multipart", new HttpRequestMessage(HttpMethod.Post, $"/api/workspace/upload?conversation_id={id}") { Content = new StringContent("plain") }));
        requests.Add(("skill as text", new HttpRequestMessage(HttpMethod.Post, "/api/skills") { Content = new StringContent("name=x", Encoding.UTF8, "text/plain") }));

        foreach (var (what, request) in requests)
        {
            using var response = await h.Http.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True((int)response.StatusCode is >= 200 and < 500, $"{what}: {(int)response.StatusCode} {body}");
            Assert.DoesNotContain("TOP-SECRET-CONTENT", body, StringComparison.Ordinal);
            Assert.DoesNotContain("root:x:0:0", body, StringComparison.Ordinal);
            if (what.StartsWith("preview", StringComparison.Ordinal) || what.StartsWith("download ", StringComparison.Ordinal) || what.StartsWith("upload named", StringComparison.Ordinal))
            {
                Assert.True(response.StatusCode != HttpStatusCode.OK || what.StartsWith("upload named", StringComparison.Ordinal), $"{what} was served");
            }
        }

        // Uploads with hostile names landed, if at all, inside the conversation's own workspace under their base name.
        Assert.Equal("TOP-SECRET-CONTENT", await File.ReadAllTextAsync(outside, Ct));
        foreach (var file in Directory.EnumerateFiles(h.Root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Path.Combine(h.Root, "workspaces"), file);
            Assert.False(relative.StartsWith("..", StringComparison.Ordinal) && file != outside, $"{file} was written outside the workspaces");
        }

        Assert.Equal(HttpStatusCode.OK, (await h.Http.GetAsync("/health", Ct)).StatusCode);
    }
}
