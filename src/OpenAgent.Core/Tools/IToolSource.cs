using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.Core.Tools;

/// <summary>
/// Supplies tools that are only known at run time (for example an MCP server's). Register implementations with
/// <c>services.AddSingleton&lt;IToolSource, T&gt;()</c>; each session asks every source once, before its first run, and
/// adds the tools after the ones registered as <see cref="IToolHandler"/>s. A tool whose name is already taken is skipped.
/// </summary>
public interface IToolSource
{
    /// <summary>Gets the tools to add to a new session.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The tools; a source that cannot supply any returns an empty list rather than throwing.</returns>
    ValueTask<IReadOnlyList<IToolHandler>> GetToolsAsync(CancellationToken cancellationToken);
}
