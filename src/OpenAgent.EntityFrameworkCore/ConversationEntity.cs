namespace OpenAgent.EntityFrameworkCore;

/// <summary>A stored conversation: a row per conversation, the session state as JSON.</summary>
public sealed class ConversationEntity
{
    /// <summary>Gets or sets the conversation id.</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the title.</summary>
    public string? Title { get; set; }

    /// <summary>Gets or sets when it was created, in Unix milliseconds (sortable on every provider).</summary>
    public long CreatedAt { get; set; }

    /// <summary>Gets or sets when it was last saved, in Unix milliseconds.</summary>
    public long UpdatedAt { get; set; }

    /// <summary>Gets or sets how many messages the history holds.</summary>
    public int MessageCount { get; set; }

    /// <summary>Gets or sets the total input tokens.</summary>
    public long InputTokens { get; set; }

    /// <summary>Gets or sets the total output tokens.</summary>
    public long OutputTokens { get; set; }

    /// <summary>Gets or sets the session state (history, flags, usage) as <c>AgentSessionState</c> JSON.</summary>
    public required string State { get; set; }
}
