using System;

namespace OpenAgent.Core.Tasks;

/// <summary>
/// Thrown when a task-board operation cannot be done (unknown task, invalid status, a dependency cycle, a task already
/// claimed). The message is written for the model; the board is unchanged.
/// </summary>
public sealed class TaskBoardException : InvalidOperationException
{
    /// <summary>Initializes a new instance.</summary>
    public TaskBoardException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public TaskBoardException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public TaskBoardException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
