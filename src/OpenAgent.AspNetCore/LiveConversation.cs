using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Conversations;

namespace OpenAgent.AspNetCore;

/// <summary>The outcome of attaching a socket to a conversation.</summary>
internal enum AttachResult
{
    Attached,
    NotFound,
    Busy,
}

/// <summary>A conversation whose session is open in this process: at most one socket at a time drives it.</summary>
internal sealed class LiveConversation(ConversationRecord record, AgentSession session)
{
    private readonly Lock _gate = new();
    private bool _attached;
    private bool _ended;
    private CancellationTokenSource? _cleanup;

    public ConversationRecord Record { get; } = record;

    public AgentSession Session { get; } = session;

    public string Id => Record.Id;

    /// <summary>Serialises saves of this conversation.</summary>
    public SemaphoreSlim SaveGate { get; } = new(1, 1);

    /// <summary>The run in progress, set by the socket that started it.</summary>
    public Task? Run { get; set; }

    public CancellationTokenSource? RunCancellation { get; set; }

    /// <summary>Gets a token cancelled when the conversation is deleted: its socket closes and nothing is saved again.</summary>
    public CancellationTokenSource Deleted { get; } = new();

    /// <summary>Gets or sets a value indicating whether the session's last save was made (it ended): later saves, such as
    /// its socket leaving after the host stopped, are skipped. Read and written under <see cref="SaveGate"/>.</summary>
    public bool Closed { get; set; }

    /// <summary>Gets or sets a value indicating whether the run in progress has sent its final event (done or error) and
    /// is only finishing up (saving): a new message then waits for it instead of being refused.</summary>
    public bool RunFinishing { get; set; }

    /// <summary>Attaches a socket: false with <paramref name="ended"/> set when the session is ending (open it afresh).</summary>
    public bool TryAttach(out bool ended)
    {
        lock (_gate)
        {
            ended = _ended;
            if (_ended || _attached)
            {
                return false;
            }

            _attached = true;
            _cleanup?.Cancel();
            _cleanup?.Dispose();
            _cleanup = null;
            return true;
        }
    }

    /// <summary>The socket left; <paramref name="cleanup"/> cancels the clean-up scheduled for it if another socket comes.</summary>
    public void Detach(CancellationTokenSource cleanup)
    {
        lock (_gate)
        {
            _attached = false;
            _cleanup = cleanup;
        }
    }

    /// <summary>Marks the session as ending, unless a socket is attached (or <paramref name="force"/>).</summary>
    public bool TryEnd(bool force = false)
    {
        lock (_gate)
        {
            if (_ended || (_attached && !force))
            {
                return false;
            }

            _ended = true;
            return true;
        }
    }
}
