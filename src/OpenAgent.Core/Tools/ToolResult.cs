using System;

namespace OpenAgent.Core.Tools;

/// <summary>
/// What a tool call returns to the model.
/// </summary>
public sealed record ToolResult
{
    private const string ErrorPrefix = "Error: ";

    private ToolResult(string content, bool isError)
    {
        Content = content;
        IsError = isError;
    }

    /// <summary>Gets the text the model reads. Error results start with <c>Error: </c>.</summary>
    public string Content { get; }

    /// <summary>Gets a value indicating whether the call failed.</summary>
    public bool IsError { get; }

    /// <summary>
    /// Gets a value indicating whether the run ends after this turn's tool calls, without calling the model again
    /// (for example when a plan is ready for the user's review). The run still ends with a <c>done</c> event.
    /// Set it with <c>ToolResult.Success(text) with { EndsRun = true }</c>.
    /// </summary>
    public bool EndsRun { get; init; }

    /// <summary>
    /// Gets the tokens the tool itself spent on model calls (a sub-agent, for example). The loop adds them to the run's
    /// and the session's usage and counts them against the token budget.
    /// </summary>
    public Events.AgentUsage? Usage { get; init; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="content">The text for the model.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is <see langword="null"/>.</exception>
    public static ToolResult Success(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new ToolResult(content, isError: false);
    }

    /// <summary>Creates a failed result; the model reads <c>Error: {message}</c> and can adapt.</summary>
    /// <param name="message">What went wrong, written for the model.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public static ToolResult Error(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new ToolResult(message.StartsWith(ErrorPrefix, StringComparison.Ordinal) ? message : ErrorPrefix + message, isError: true);
    }

    /// <summary>Creates a successful result; lets a tool return a string directly.</summary>
    /// <param name="content">The text for the model.</param>
    public static implicit operator ToolResult(string content) => Success(content);

    /// <summary>Creates a successful result from a string.</summary>
    /// <param name="content">The text for the model.</param>
    /// <returns>The result.</returns>
    public static ToolResult FromString(string content) => Success(content);
}
