using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;
using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Conversations;

/// <summary>A stored conversation: its session state (history, usage, flags) and what a list of conversations shows.</summary>
public sealed class ConversationRecord
{
    /// <summary>Gets or sets the conversation id (also the session id).</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the title: the first user message, cut to 100 characters, until something better is set.</summary>
    public string? Title { get; set; }

    /// <summary>Gets or sets when the conversation was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets when it was last saved.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Gets or sets the session state: history, token usage, workspace, preset, teams, tracing, approval and plan mode.</summary>
    public required AgentSessionState State { get; set; }

    /// <summary>The title a conversation gets: its first non-empty user message, trimmed and cut to 100 characters.</summary>
    /// <param name="history">The conversation.</param>
    /// <returns>The title, or <see langword="null"/> while there is no user message.</returns>
    public static string? TitleFrom(IEnumerable<ChatMessage> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var first = history.FirstOrDefault(m => m.Role == ChatRole.User && m.Text.Trim().Length > 0);
        if (first is null)
        {
            return null;
        }

        var text = first.Text.Trim();
        return text.Length <= 100 ? text : text[..100];
    }
}

/// <summary>A conversation in a list.</summary>
/// <param name="Id">The conversation id.</param>
/// <param name="Title">Its title, if it has one yet.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="MessageCount">How many messages it holds.</param>
public sealed record ConversationSummary(string Id, string? Title, DateTimeOffset CreatedAt, int MessageCount);
