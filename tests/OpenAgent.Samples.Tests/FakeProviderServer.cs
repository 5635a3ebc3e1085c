using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenAgent.Samples.Tests;

/// <summary>
/// One scripted HTTP reply: a status, headers, and SSE events (or a plain body). With <c>CutAfter</c> the connection is
/// aborted after that many events, once <c>CutWhen</c> (if given) has completed, so a test can make sure the client saw
/// them first; <c>CutAfter = 0</c> drops the connection before any response.
/// </summary>
public sealed record FakeReply(
    int Status, IReadOnlyList<string> Events, IReadOnlyDictionary<string, string>? Headers = null, string? Body = null, int? CutAfter = null, Task? CutWhen = null);

/// <summary>
/// A real Kestrel server on 127.0.0.1 that answers a provider's chat endpoint with scripted replies in the provider's own
/// streaming wire format, and records every request body.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _replies = new();
    private readonly ConcurrentQueue<JsonElement> _requests = new();

    private FakeProviderServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<JsonElement> Requests => [.. _requests];

    /// <summary>Gets or sets what answers a request when no scripted reply is queued.</summary>
    public Func<FakeReply>? Responder { get; set; }

    public static async Task<FakeProviderServer> StartAsync(string path)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeProviderServer(app);
        app.MapPost(path, server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Urls.First();
        return server;
    }

    public FakeProviderServer Enqueue(FakeReply reply)
    {
        _replies.Enqueue(reply);
        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using (var body = await JsonDocument.ParseAsync(context.Request.Body))
        {
            _requests.Enqueue(body.RootElement.Clone());
        }

        if (!_replies.TryDequeue(out var reply) && Responder is { } responder)
        {
            reply = responder();
        }

        if (reply is null)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("""{"error":{"message":"fake server: script exhausted"}}""");
            return;
        }

        if (reply.CutAfter == 0)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (reply.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var sent = 0;
        foreach (var e in reply.Events)
        {
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(e + "\n\n"));
            await context.Response.Body.FlushAsync();
            if (++sent == reply.CutAfter)
            {
                if (reply.CutWhen is { } signal)
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(30));
                }

                context.Abort();
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
