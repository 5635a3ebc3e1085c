using System;

namespace OpenAgent.Core.Teams;

/// <summary>A team operation was refused: an unknown member or message type, a name in use, the team is full, ...</summary>
public sealed class TeamException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public TeamException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What was refused and why.</param>
    public TeamException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">What was refused and why.</param>
    /// <param name="innerException">The cause.</param>
    public TeamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
