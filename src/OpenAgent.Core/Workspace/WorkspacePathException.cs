using System;
using System.IO;

namespace OpenAgent.Core.Workspace;

/// <summary>
/// Thrown when a path given to a workspace tool would reach outside the workspace, or names something that is not a
/// regular file or folder. The message says why, for the model or the user.
/// </summary>
public sealed class WorkspacePathException : IOException
{
    /// <summary>Initializes a new instance.</summary>
    public WorkspacePathException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">Why the path was refused.</param>
    public WorkspacePathException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">Why the path was refused.</param>
    /// <param name="innerException">The cause.</param>
    public WorkspacePathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
