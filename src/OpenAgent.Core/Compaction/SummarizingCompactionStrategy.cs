using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Workspace;

namespace OpenAgent.Core.Compaction;

/// <summary>
/// The default compaction: old tool results shrink to a one-line placeholder before every call (micro-compaction),
/// and when the context grows past its threshold the older part of the conversation is saved to a transcript and
/// replaced by a model-written summary, keeping the most recent messages whole.
/// </summary>
/// <remarks>
/// The split between summarised and kept messages never falls on a tool-results message, so a tool call is never
/// separated from its result. If the summary call fails, the older messages are dropped with a note instead, and the
/// transcript still holds them.
/// </remarks>
public sealed partial class SummarizingCompactionStrategy : CompactionStrategy
{
    /// <summary>How many of the latest tool results micro-compaction keeps whole.</summary>
    public const int KeepRecentToolResults = 3;

    /// <summary>Tool results up to this length are never replaced.</summary>
    public const int ShortResultLength = 100;

    /// <summary>About how many recent messages a full compaction keeps.</summary>
    public const int KeepRecentMessages = 8;

    private const string SummaryInstruction =
        "Summarise the conversation below for the assistant that will continue it. Be factual and complete about what " +
        "matters: the user's goals and requests, decisions made, files created or changed, the state of every task, " +
        "important tool output, and anything left to do. Leave out pleasantries.";

    // One message per line: Microsoft.Extensions.AI's own shape, without the indentation of its default options.
    private static readonly JsonSerializerOptions TranscriptJson = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    private readonly IChatClient _chatClient;
    private readonly OpenAgentOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private int _transcriptCounter;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="chatClient">The model that writes summaries.</param>
    /// <param name="options">The SDK options (compaction model, temperature, transcript folder).</param>
    /// <param name="time">The clock for transcript names.</param>
    /// <param name="logger">Where failed summaries are logged.</param>
    public SummarizingCompactionStrategy(IChatClient chatClient, IOptions<OpenAgentOptions> options, TimeProvider? time = null, ILogger<SummarizingCompactionStrategy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(options);
        _chatClient = chatClient;
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SummarizingCompactionStrategy>.Instance;
    }

    /// <inheritdoc />
    protected override void MicroCompactCore(IList<ChatMessage> history)
    {
        // Runs before every call, so one pass from the newest message back and no allocation: the first
        // KeepRecentToolResults results met stay whole, every older long result is replaced.
        var seen = 0;
        Dictionary<string, string>? toolNames = null;
        for (var m = history.Count - 1; m >= 0; m--)
        {
            var contents = history[m].Contents;
            for (var i = contents.Count - 1; i >= 0; i--)
            {
                if (contents[i] is not FunctionResultContent result || ++seen <= KeepRecentToolResults)
                {
                    continue;
                }

                if (result.Result is string { Length: > ShortResultLength })
                {
                    toolNames ??= ToolNamesByCallId(history);
                    var name = toolNames.GetValueOrDefault(result.CallId, "unknown");
                    contents[i] = new FunctionResultContent(result.CallId, $"[Previous: used {name}]");
                }
            }
        }
    }

    /// <inheritdoc />
    protected override async ValueTask CompactCoreAsync(CompactionContext context, CancellationToken cancellationToken)
    {
        var history = context.History;
        var split = FindSplit(history);
        if (split is null)
        {
            return;
        }

        var old = new List<ChatMessage>(split.Value);
        for (var i = 0; i < split.Value; i++)
        {
            old.Add(history[i]);
        }

        var transcript = await SaveTranscriptAsync(context.Session.WorkspacePath, history, cancellationToken).ConfigureAwait(false);
        var summary = await SummariseAsync(old, context.Focus, cancellationToken).ConfigureAwait(false);

        string note;
        if (summary is null)
        {
            note = string.Create(CultureInfo.InvariantCulture,
                $"[About {old.Count} earlier messages were removed to keep the conversation short; no summary of them could be made.{TranscriptLine(transcript, prefix: " ")}]");
        }
        else
        {
            note = $"{TranscriptLine(transcript, prefix: string.Empty)}[Conversation summary]\n{summary}";
        }

        for (var i = 0; i < split.Value; i++)
        {
            history.RemoveAt(0);
        }

        // The acknowledgement keeps the roles alternating; it is not needed when the kept part opens with the assistant.
        var keptStartsWithAssistant = history[0].Role == ChatRole.Assistant;
        history.Insert(0, new ChatMessage(ChatRole.User, note));
        if (!keptStartsWithAssistant)
        {
            history.Insert(1, new ChatMessage(ChatRole.Assistant, "Understood. I have the context and will continue from here."));
        }
    }

    /// <summary>
    /// The index of the first kept message. It is never a tool-results message, so no tool call is separated from its
    /// results; inside one long run of tool exchanges (no user message to split on) it is an assistant message.
    /// </summary>
    internal static int? FindSplit(IList<ChatMessage> history)
    {
        var split = Math.Max(history.Count - KeepRecentMessages, 1);
        while (split < history.Count && history[split].Role == ChatRole.Tool)
        {
            split++;
        }

        // Walk back instead when nothing would be left to keep going forward.
        if (split >= history.Count - 1)
        {
            split = Math.Max(history.Count - KeepRecentMessages, 1);
            while (split > 1 && history[split].Role == ChatRole.Tool)
            {
                split--;
            }
        }

        return split >= 2 && split < history.Count && history[split].Role != ChatRole.Tool ? split : null;
    }

    private async Task<string?> SummariseAsync(List<ChatMessage> old, string? focus, CancellationToken cancellationToken)
    {
        var prompt = new StringBuilder(SummaryInstruction);
        if (!string.IsNullOrWhiteSpace(focus))
        {
            prompt.Append(" Pay particular attention to: ").Append(focus.Trim());
        }

        prompt.Append("\n\n").Append(ConversationRenderer.Render(old));
        var options = new ChatOptions
        {
            ModelId = _options.CompactModelId ?? _options.ModelId,
            MaxOutputTokens = 1024,
            Temperature = _options.CompactTemperature,
        };
        try
        {
            var response = await _chatClient.GetResponseAsync([new ChatMessage(ChatRole.User, prompt.ToString())], options, cancellationToken).ConfigureAwait(false);
            var text = response.Text.Trim();
            return text.Length > 0 ? text : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSummaryFailed(_logger, ex);
            return null;
        }
    }

    private async Task<string?> SaveTranscriptAsync(string workspace, IList<ChatMessage> history, CancellationToken cancellationToken)
    {
        var stamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var name = string.Create(CultureInfo.InvariantCulture, $"transcript_{stamp}_{Interlocked.Increment(ref _transcriptCounter)}.jsonl");
        var relative = Path.Combine(_options.TranscriptDir, name).Replace('\\', '/');
        var lines = new StringBuilder();
        foreach (var message in history)
        {
            lines.Append(JsonSerializer.Serialize(message, TranscriptJson.GetTypeInfo(typeof(ChatMessage)))).Append('\n');
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AtomicFile.WriteAllTextAsync(Path.Combine(workspace, _options.TranscriptDir, name), lines.ToString(), cancellationToken).ConfigureAwait(false);
                return relative;
            }
            catch (IOException ex) when (attempt < 2)
            {
                LogTranscriptRetry(_logger, ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogTranscriptFailed(_logger, ex);
                return null;
            }
        }
    }

    private static string TranscriptLine(string? transcript, string prefix) =>
        transcript is null ? string.Empty : prefix.Length > 0 ? $"{prefix}The full text is in {transcript}." : $"[Transcript: {transcript}]\n";

    private static Dictionary<string, string> ToolNamesByCallId(IList<ChatMessage> history)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in history)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    names[call.CallId] = call.Name;
                }
            }
        }

        return names;
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "The compaction summary failed; older messages are dropped with a note instead.")]
    private static partial void LogSummaryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Writing the transcript failed; retrying once.")]
    private static partial void LogTranscriptRetry(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "The transcript could not be written; compaction goes on without it.")]
    private static partial void LogTranscriptFailed(ILogger logger, Exception exception);
}
