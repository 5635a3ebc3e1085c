using System.Text.Json.Serialization;

namespace OpenAgent.Core.Todos;

/// <summary>
/// One entry of a session's todo list.
/// </summary>
/// <param name="Content">What is to be done.</param>
/// <param name="Status"><c>pending</c>, <c>in_progress</c> or <c>completed</c>.</param>
/// <param name="ActiveForm">The present-continuous form shown while the item is in progress ("Running the tests").</param>
public sealed record TodoItem(
    string Content,
    string Status,
    [property: JsonPropertyName("activeForm")] string ActiveForm);
