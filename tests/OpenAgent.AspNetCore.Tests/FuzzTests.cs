using System;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace OpenAgent.AspNetCore.Tests;

/// <summary>Hostile input against a live host: thousands of malformed frames and random JSON shapes.</summary>
public sealed class FuzzTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Counts what the server logs at Error or above: a server fault shows up here.</summary>
    private sealed class FaultCounter : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Faults { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Faults.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
            }
        }

        public void Dispose()
        {
        }
    }

    private static string RandomFrame(Random random, out bool expectsChange)
    {
        expectsChange = false;
        switch (random.Next(9))
        {
            case 0:
                // Valid JSON cut short, or with garbage spliced in.
                var valid = JsonSerializer.Serialize(new { type = "message", content = new string('x', random.Next(1, 50)), extra = new[] { 1, 2, 3 } });
                return valid[..random.Next(1, valid.Length - 1)];
            case 1:
                var bytes = new byte[random.Next(1, 200)];
                random.NextBytes(bytes);
                return "{" + Encoding.Latin1.GetString(bytes);
            case 2:
                return random.Next(3) switch { 0 => "[]", 1 => "[1, \"two\", {\"type\": \"message\"}]", _ => "[" + new string('[', random.Next(1, 300)) };
            case 3:
                return random.Next(4) switch
                {
                    0 => "{}",
                    1 => "{\"type\": 42}",
                    2 => "{\"type\": null, \"content\": \"hi\"}",
                    _ => "{\"type\": [\"message\"]}",
                };
            case 4:
                return JsonSerializer.Serialize(new { type = "nonsense_" + random.Next(1000), content = "x", enabled = true });
            case 5:
                expectsChange = true;
                var toggles = new[] { "toggle_plan_mode", "toggle_teams", "toggle_approval" };
                return $"{{\"type\": \"{toggles[random.Next(3)]}\", \"enabled\": {(random.Next(2) == 0 ? "true" : "\"maybe\"")}}}";
            case 6:
                return JsonSerializer.Serialize(new { type = "tool_approval_response", decision = random.Next(2) == 0 ? "approve" : "\u0000\uffff", id = random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture) });
            case 7:
                return JsonSerializer.Serialize(new { type = random.Next(2) == 0 ? "message" : "interrupt", content = new string(' ', random.Next(0, 5)) });
            default:
                // Deeply nested JSON.
                var depth = random.Next(10, 200);
                return "{\"type\": \"x\", \"a\": " + new string('[', depth) + new string(']', depth) + "}";
        }
    }

    [Fact]
    public async Task Ten_thousand_hostile_frames_get_an_error_event_or_a_clean_close_and_never_fault_the_server()
    {
        var faults = new FaultCounter();
        await using var h = await WebHarness.StartAsync(web: w => w.MaxMessageBytes = 16 * 1024, services: s => s.AddLogging(l => l.AddProvider(faults)));
        var victim = await h.CreateConversationAsync();
        var bystander = await h.CreateConversationAsync();
        var random = new Random(20261124);
        var socket = await h.ConnectAsync(victim);
        int errors = 0, changes = 0, closes = 0;

        for (var i = 0; i < 10_000; i++)
        {
            if (i % 1000 == 999)
            {
                // Oversized: the socket is closed with a reason; a new one takes over.
                await socket.SendTextAsync("{\"type\": \"message\", \"content\": \"" + new string('y', 20_000) + "\"}");
                Assert.Null(await socket.ReceiveAsync());
                Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.Socket.CloseStatus);
                closes++;
                await socket.DisposeAsync();
                socket = await ReconnectAsync(h, victim);
                continue;
            }

            await socket.SendTextAsync(RandomFrame(random, out var expectsChange));
            var reply = await socket.ReceiveAsync() ?? throw new InvalidOperationException($"frame {i}: the socket closed");
            var type = reply.GetProperty("type").GetString();
            if (expectsChange)
            {
                Assert.EndsWith("_changed", type, StringComparison.Ordinal);
                changes++;
            }
            else
            {
                Assert.Equal("error", type);
                errors++;
            }
        }

        await socket.DisposeAsync();

        // Another conversation is unaffected.
        h.Model.EnqueueText("Still here.");
        await using var other = await h.ConnectAsync(bystander);
        await other.SendAsync(new { type = "message", content = "are you ok?" });
        var events = await other.ReceiveUntilAsync("done");

        Assert.Equal(10_000, errors + changes + closes);
        Assert.Equal(10, closes);
        Assert.True(errors > 7000, $"{errors} errors");
        Assert.Equal("done", events[^1].GetProperty("type").GetString());
        Assert.Empty(faults.Faults);
    }

    private static async Task<TestSocket> ReconnectAsync(WebHarness h, string id)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var socket = await h.ConnectAsync(id);
            await socket.SendTextAsync("{\"type\": \"probe\"}");
            var reply = await socket.ReceiveAsync();
            if (reply is { } r && r.GetProperty("message").GetString()!.StartsWith("Unknown message type", StringComparison.Ordinal))
            {
                return socket;
            }

            await socket.DisposeAsync();
            await Task.Delay(10, Ct);
        }

        throw new TimeoutException("The conversation stayed busy after the oversized frame.");
    }
}
