using System;
using System.Collections.Generic;
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
using OpenAgent.Core;
using Xunit;
using OpenAgent.Testing;

namespace OpenAgent.AspNetCore.Tests;

/// <summary>A real Kestrel host on loopback with the OpenAgent endpoints, a scripted model and a temp workspace root.</summary>
public sealed class WebHarness : IAsyncDisposable
{
    private WebApplication? _app;

    private WebHarness(string root) => Root = root;

    public ScriptedChatClient Model { get; } = new();

    public string Root { get; }

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseUri { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public static async Task<WebHarness> StartAsync(
        Action<OpenAgentOptions>? options = null,
        Action<OpenAgentWebOptions>? web = null,
        Action<IServiceCollection>? services = null,
        string? root = null,
        string url = "http://127.0.0.1:0")
    {
        var harness = new WebHarness(root ?? Directory.CreateTempSubdirectory("openagent-web-").FullName);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Services.AddChatClient(harness.Model);
        builder.Services.AddOpenAgent(o =>
        {
            o.WorkspaceDir = Path.Combine(harness.Root, "workspaces");
            o.EnableMemory = false;
            options?.Invoke(o);
        }).AddWebApi(web);
        services?.Invoke(builder.Services);
        try
        {
            harness._app = builder.Build();
            harness._app.MapOpenAgent();
            await harness._app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            // A host that refuses to start (the tests that expect that) leaves no app and no temp folder behind.
            await harness.DisposeAsync();
            throw;
        }

        harness.BaseUri = new Uri(harness._app.Urls.First());
        harness.Http = new HttpClient { BaseAddress = harness.BaseUri };
        return harness;
    }

    public async Task<string> CreateConversationAsync(object? body = null)
    {
        using var response = await Http.PostAsJsonAsync("/api/chat", body ?? new { }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("conversation_id").GetString()!;
    }

    public async Task<TestSocket> ConnectAsync(string conversationId, string? token = null)
    {
        var socket = new ClientWebSocket();
        var uri = new Uri($"ws://{BaseUri.Authority}/api/chat/{conversationId}/ws{(token is null ? "" : "?token=" + token)}");
        await socket.ConnectAsync(uri, TestContext.Current.CancellationToken);
        return new TestSocket(socket);
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A WebSocket client that sends JSON and reads events one at a time.</summary>
public sealed class TestSocket(ClientWebSocket socket) : IAsyncDisposable
{
    public ClientWebSocket Socket { get; } = socket;

    public List<JsonElement> Received { get; } = [];

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    /// <summary>The next event, or null when the server closed the socket.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, limit.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                var element = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                Received.Add(element);
                return element;
            }
        }
    }

    /// <summary>Reads events until one of <paramref name="type"/> arrives; returns all read, that one last.</summary>
    public async Task<List<JsonElement>> ReceiveUntilAsync(params string[] type)
    {
        var events = new List<JsonElement>();
        while (true)
        {
            JsonElement? received;
            try
            {
                received = await ReceiveAsync();
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"No {string.Join("/", type)} within 20 s; got {string.Join(", ", events.Select(e => e.GetRawText()))}; socket {Socket.State}.");
            }

            var next = received ?? throw new InvalidOperationException(
                $"The socket closed before {string.Join("/", type)}; got {string.Join(", ", events.Select(e => e.GetProperty("type").GetString()))}.");
            events.Add(next);
            if (type.Contains(next.GetProperty("type").GetString()))
            {
                return events;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }

        Socket.Dispose();
    }
}

internal static class EventExtensions
{
    public static string Type(this JsonElement e) => e.GetProperty("type").GetString()!;

    public static IEnumerable<string> Types(this IEnumerable<JsonElement> events) => events.Select(Type);
}
