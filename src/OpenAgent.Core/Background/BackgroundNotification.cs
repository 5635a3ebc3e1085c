namespace OpenAgent.Core.Background;

/// <summary>
/// The outcome of a finished background job, as carried by the <c>background_result</c> event.
/// </summary>
/// <param name="TaskId">The job's id (8 hex characters).</param>
/// <param name="Status"><c>completed</c>, <c>timeout</c> or <c>error</c>.</param>
/// <param name="Command">The command's first 80 characters.</param>
/// <param name="Result">The output's first 500 characters.</param>
public sealed record BackgroundNotification(string TaskId, string Status, string Command, string Result);
