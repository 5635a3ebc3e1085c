using System;
using System.IO;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpenAgent.Core.Agents;

/// <summary>
/// Creates and restores <see cref="AgentSession"/>s. Registered by <c>services.AddOpenAgent()</c>; inject it where
/// conversations start.
/// </summary>
public sealed class AgentSessionFactory
{
    private readonly IServiceScopeFactory _scopes;
    private readonly AgentLoop _loop;
    private readonly OpenAgentOptions _options;
    private readonly IToolApprover? _defaultApprover;

    internal AgentSessionFactory(IServiceScopeFactory scopes, AgentLoop loop, IOptions<OpenAgentOptions> options, IToolApprover? defaultApprover)
    {
        _scopes = scopes;
        _loop = loop;
        _options = options.Value;
        _defaultApprover = defaultApprover;
    }

    /// <summary>Starts a new session with an empty history.</summary>
    /// <param name="options">How the session starts; defaults from <see cref="OpenAgentOptions"/> when <see langword="null"/>.</param>
    /// <returns>The session. Dispose it when the conversation ends.</returns>
    /// <exception cref="IOException">The workspace folder cannot be created.</exception>
    /// <exception cref="ArgumentException">Two registered tools share a name, or a tool name is invalid.</exception>
    public AgentSession CreateSession(AgentSessionOptions? options = null)
    {
        options ??= new AgentSessionOptions();
        var state = new AgentSessionState
        {
            Id = options.Id ?? NewId(),
            WorkspacePath = options.WorkspacePath ?? _options.WorkspaceDir,
            SystemPrompt = options.SystemPrompt,
            Preset = options.Preset ?? _options.DefaultPreset,
            TeamsEnabled = options.TeamsEnabled,
            ApprovalEnabled = options.ApprovalEnabled,
            PlanMode = options.PlanMode,
            TracingEnabled = options.TracingEnabled,
        };
        return Open(state, options.Approver);
    }

    /// <summary>Resumes a session from a state captured with <see cref="AgentSession.ExportState"/>.</summary>
    /// <param name="state">The saved state.</param>
    /// <param name="approver">The approver for this session, overriding the one registered in DI.</param>
    /// <returns>The session, with the saved history (tool calls without results, and results without calls, dropped),
    /// usage and flags.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The workspace folder cannot be created.</exception>
    public AgentSession RestoreSession(AgentSessionState state, IToolApprover? approver = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        // The session owns its history: later changes to the caller's state object must not reach it.
        var copy = state.Copy();

        // A state saved in the middle of a tool batch would make the next model call fail.
        Conversations.HistoryRepair.Repair(copy.Messages);
        return Open(copy, approver);
    }

    private AgentSession Open(AgentSessionState state, IToolApprover? approver)
    {
        state.WorkspacePath = Path.GetFullPath(state.WorkspacePath);
        Directory.CreateDirectory(state.WorkspacePath);
        var scope = _scopes.CreateAsyncScope();
        try
        {
            return new AgentSession(_loop, scope, state, approver ?? _defaultApprover);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
