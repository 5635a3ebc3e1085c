using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.EntityFrameworkCore.Tests;

/// <summary>A real web host on a SQLite file, stopped and started again: conversations, flags and usage survive.</summary>
public sealed class WebHostRestartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("openagent-restart-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<WebApplication> StartAsync(ScriptedChatClient model, string? postgres = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddChatClient(model);
        builder.Services.AddOpenAgent(o => { o.WorkspaceDir = Path.Combine(_folder, "workspaces"); o.EnableMemory = false; })
            .AddEntityFrameworkStore(o =>
            {
                if (postgres is null)
                {
                    o.ConnectionString = $"Data Source={Path.Combine(_folder, "openagent.db")};Pooling=False";
                }
                else
                {
                    o.Provider = "postgresql";
                    o.ConnectionString = postgres;
                }
            })
            .AddWebApi();
        var app = builder.Build();
        app.MapOpenAgent();
        await app.StartAsync(Ct);
        return app;
    }

    private static async Task<JsonElement[]> ChatAsync(WebApplication app, string id, string text)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{new Uri(app.Urls.First()).Authority}/api/chat/{id}/ws"), Ct);
        await socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = "message", content = text })), WebSocketMessageType.Text, true, Ct);
        var events = new System.Collections.Generic.List<JsonElement>();
        var buffer = new byte[64 * 1024];
        while (events.Count == 0 || events[^1].GetProperty("type").GetString() is not ("done" or "error"))
        {
            var result = await socket.ReceiveAsync(buffer, Ct);
            events.Add(JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone());
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);
        return [.. events];
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_conversation_survives_a_restart_of_the_host_and_continues(string provider)
    {
        var postgres = provider == "postgresql" ? PostgresServer.NewDatabase() : null;
        try
        {
            string id;
            var first = new ScriptedChatClient(ScriptedTurn.ToolCall("write_file", new { path = "plan.md", content = "step 1" }).WithUsage(300, 20),
                ScriptedTurn.Text("Saved the plan.").WithUsage(320, 5));
            await using (var app = await StartAsync(first, postgres))
            {
                using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
                var created = await (await http.PostAsJsonAsync("/api/chat", new { preset = "work", enable_teams = true }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
                id = created.GetProperty("conversation_id").GetString()!;
                await ChatAsync(app, id, "write the plan");
            }

            var second = new ScriptedChatClient(ScriptedTurn.Text("The plan has one step.").WithUsage(400, 8));
            await using var restarted = await StartAsync(second, postgres);
            using var client = new HttpClient { BaseAddress = new Uri(restarted.Urls.First()) };
            var list = await client.GetFromJsonAsync<JsonElement>("/api/conversations", Ct);
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}", Ct);
            var events = await ChatAsync(restarted, id, "what is in the plan?");

            Assert.Equal("write the plan", list[0].GetProperty("title").GetString());
            Assert.Equal(4, detail.GetProperty("messages").GetArrayLength());
            Assert.Equal(("work", true, 620, 25), (detail.GetProperty("preset").GetString(), detail.GetProperty("enable_teams").GetBoolean(),
                detail.GetProperty("total_input_tokens").GetInt32(), detail.GetProperty("total_output_tokens").GetInt32()));
            Assert.Equal("done", events[^1].GetProperty("type").GetString());
            Assert.Equal(5, second.Requests[0].Messages.Count(m => m.Role != Microsoft.Extensions.AI.ChatRole.System));
            Assert.True(File.Exists(Path.Combine(_folder, "workspaces", id, "plan.md")));
        }
        finally
        {
            if (postgres is not null)
            {
                await PostgresServer.DropAsync(postgres);
            }
        }
    }
}
