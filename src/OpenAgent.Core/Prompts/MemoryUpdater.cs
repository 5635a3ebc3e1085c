using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Compaction;

namespace OpenAgent.Core.Prompts;

/// <summary>
/// Updates a workspace's memory at the end of a session: one model call merges the durable facts of the conversation
/// (preferences, project context, decisions, corrections) into the existing memory. A failed or unusable answer
/// leaves the old memory as it was.
/// </summary>
public sealed partial class MemoryUpdater
{
    private const string Instruction =
        """
        You maintain the long-term memory of a coding agent for this workspace. Merge the durable facts from the
        conversation below into the existing memory and return the whole new memory in Markdown, under these headings:
        ## User Preferences, ## Project Context, ## Decisions, ## Corrections. Use short bullet points. Keep facts that
        will still matter in a later session; drop anything the conversation contradicts; do not record the assistant's
        own persona or instructions; skip small talk. Stay under 2 KB. Return only the memory.
        """;

    private readonly IChatClient _chatClient;
    private readonly OpenAgentOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="chatClient">The model.</param>
    /// <param name="options">The SDK options (model, temperature).</param>
    /// <param name="logger">Where failures are logged.</param>
    public MemoryUpdater(IChatClient chatClient, IOptions<OpenAgentOptions> options, ILogger<MemoryUpdater>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(options);
        _chatClient = chatClient;
        _options = options.Value;
        _logger = logger ?? NullLogger<MemoryUpdater>.Instance;
    }

    /// <summary>Merges what <paramref name="session"/> learned into its workspace's memory.</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns><see langword="true"/> if the memory was rewritten; <see langword="false"/> if memory is off, the
    /// conversation is too short, or the update failed (the old memory is kept).</returns>
    public async Task<bool> UpdateAsync(AgentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!_options.EnableMemory || session.History.Count < 2)
        {
            return false;
        }

        try
        {
            var existing = await AgentMemory.ReadAsync(session.WorkspacePath, cancellationToken).ConfigureAwait(false);
            var prompt = $"{Instruction}\n\n# Existing memory\n{(existing.Length == 0 ? "(empty)" : existing)}\n\n# Conversation\n{ConversationRenderer.Render(session.History)}";
            var response = await _chatClient.GetResponseAsync(
                [new ChatMessage(ChatRole.User, prompt)],
                new ChatOptions { ModelId = _options.CompactModelId ?? _options.ModelId, MaxOutputTokens = 2048, Temperature = _options.CompactTemperature },
                cancellationToken).ConfigureAwait(false);
            var memory = Clean(response.Text);
            if (memory is null)
            {
                LogUnusable(_logger, session.Id);
                return false;
            }

            await AgentMemory.WriteAsync(session.WorkspacePath, memory, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, session.Id, ex);
            return false;
        }
    }

    /// <summary>Accepts Markdown with at least one bullet or heading, without a code fence around it; else null.</summary>
    private static string? Clean(string text)
    {
        var memory = text.Trim();
        if (memory.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLine = memory.IndexOf('\n', StringComparison.Ordinal);
            var fence = memory.LastIndexOf("```", StringComparison.Ordinal);
            memory = firstLine > 0 && fence > firstLine ? memory[(firstLine + 1)..fence].Trim() : memory;
        }

        var lines = new List<string>(memory.Split('\n'));
        var looksLikeMemory = lines.Exists(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal) || l.StartsWith("## ", StringComparison.Ordinal));
        return memory.Length > 0 && looksLikeMemory ? memory + "\n" : null;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Session {SessionId}: the memory update failed; the old memory is kept.")]
    private static partial void LogFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Session {SessionId}: the model's memory update was not usable; the old memory is kept.")]
    private static partial void LogUnusable(ILogger logger, string sessionId);
}
