using System;

namespace OpenAgent.Testing;

/// <summary>
/// Thrown when a <see cref="ScriptedChatClient"/> receives more requests than it has scripted turns: the agent called
/// the model once more than the test expected.
/// </summary>
public sealed class ScriptExhaustedException : InvalidOperationException
{
    /// <summary>Initializes a new instance.</summary>
    public ScriptExhaustedException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public ScriptExhaustedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ScriptExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
