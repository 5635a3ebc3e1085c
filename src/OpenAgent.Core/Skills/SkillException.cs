using System;

namespace OpenAgent.Core.Skills;

/// <summary>A skill could not be added: its name, description or body is not valid.</summary>
public sealed class SkillException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public SkillException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public SkillException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SkillException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
