using System;

namespace OpenAgent.Core.Tools;

/// <summary>
/// Thrown by a tool when an argument is missing or invalid. The model receives the message as an error result and
/// can retry with better arguments.
/// </summary>
public sealed class ToolArgumentException : ArgumentException
{
    /// <summary>Initializes a new instance.</summary>
    public ToolArgumentException()
    {
    }

    /// <summary>Initializes a new instance with a message for the model.</summary>
    /// <param name="message">What is wrong with the arguments.</param>
    public ToolArgumentException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message for the model and the argument's name.</summary>
    /// <param name="message">What is wrong with the argument.</param>
    /// <param name="paramName">The argument's name.</param>
    public ToolArgumentException(string message, string? paramName)
        : base(message, paramName)
    {
    }

    /// <summary>Initializes a new instance with a message and the error that caused it.</summary>
    /// <param name="message">What is wrong with the arguments.</param>
    /// <param name="innerException">The cause.</param>
    public ToolArgumentException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
