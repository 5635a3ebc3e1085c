namespace OpenAgent.Core.Compaction;

/// <summary>
/// Why a full compaction runs.
/// </summary>
public enum CompactionTrigger
{
    /// <summary>The last call's input tokens passed <c>ContextWindow × CompactThreshold</c>.</summary>
    Automatic = 0,

    /// <summary>The model (or the host) asked for it.</summary>
    Manual = 1,
}
