using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.LoadTest;

/// <summary>One client conversation: created over REST, then driven over its WebSocket like the chat page does.</summary>
internal sealed class LoadConversation(int index) : IDisposable
{
    private static ReadOnlySpan<byte> Marker => "@t="u8;

    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    public int Index { get; } = index;

    /// <summary>Stopwatch ticks from a stamped event's production (in the model) to its arrival here.</summary>
    public List<long> Delays { get; } = new(64);

    public int Events { get; private set; }

    public int Runs { get; private set; }

    public List<string> Errors { get; } = [];

    /// <summary>How long the timed messages took, each from its sending to its <c>done</c> (think time left out).</summary>
    public TimeSpan Elapsed { get; private set; }

    public async Task OpenAsync(HttpClient http, Uri baseUri, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(baseUri, "/api/chat"), new { }, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var id = body.RootElement.GetProperty("conversation_id").GetString();
        var socketUri = new UriBuilder(baseUri) { Scheme = "ws", Path = $"/api/chat/{id}/ws" }.Uri;
        await _socket.ConnectAsync(socketUri, cancellationToken);
    }

    /// <summary>Sends one message and reads events until its <c>done</c> (or an <c>error</c>). False on an error.</summary>
    public async Task<bool> SendAsync(string text, bool record, CancellationToken cancellationToken)
    {
        var frame = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["type"] = "message", ["content"] = text });
        await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                if (length == _buffer.Length)
                {
                    throw new InvalidOperationException("An event over 64 KB: the load test's events are all small.");
                }

                received = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    Errors.Add($"socket closed mid-run: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
                    return false;
                }

                length += received.Count;
            }
            while (!received.EndOfMessage);

            var arrived = Stopwatch.GetTimestamp();
            var json = _buffer.AsSpan(0, length);
            var type = ReadType(json);
            Events++;
            if (record && (type == "text_delta" || type == "tool_call"))
            {
                var at = json.IndexOf(Marker);
                if (at >= 0 && Utf8Parser.TryParse(json[(at + Marker.Length)..], out long stamp, out _))
                {
                    Delays.Add(arrived - stamp);
                }
            }

            switch (type)
            {
                case "done":
                    Runs++;
                    return true;
                case "error":
                    Errors.Add(Encoding.UTF8.GetString(json));
                    return false;
            }
        }
    }

    /// <summary>Runs the timed part: <paramref name="messages"/> messages, <paramref name="think"/> apart.</summary>
    public async Task RunAsync(int messages, TimeSpan think, CancellationToken cancellationToken)
    {
        var busy = TimeSpan.Zero;
        for (var m = 0; m < messages; m++)
        {
            if (m > 0 && think > TimeSpan.Zero)
            {
                await Task.Delay(think, cancellationToken);
            }

            var started = Stopwatch.GetTimestamp();
            if (!await SendAsync($"Task {m + 1}: write the notes and read them back.", record: true, cancellationToken))
            {
                return;
            }

            busy += Stopwatch.GetElapsedTime(started);
        }

        Elapsed = busy;
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
        }
    }

    public void Dispose() => _socket.Dispose();

    private static string? ReadType(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                return reader.GetString();
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth > 0)
            {
                reader.Skip();
            }
        }

        return null;
    }
}
