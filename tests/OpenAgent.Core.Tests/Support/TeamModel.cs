using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAgent.Testing;

namespace OpenAgent.Core.Tests.Support;

/// <summary>
/// One model for a whole team: each request goes to the script of the agent that sent it (a teammate is recognised by
/// its system prompt, anyone else is the lead), so teammates running in parallel never take each other's turns.
/// </summary>
public sealed partial class TeamModel : IChatClient
{
    private readonly ConcurrentDictionary<string, ScriptedChatClient> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<ScriptedRequest, ScriptedTurn>> _responders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedRequest>> _responded = new(StringComparer.Ordinal);
    private int _calls;

    /// <summary>The requests of <paramref name="agent"/> that its responder answered, in order.</summary>
    public IReadOnlyList<ScriptedRequest> Responded(string agent) =>
        _responded.TryGetValue(agent, out var requests) ? [.. requests] : [];

    /// <summary>Answers every request of <paramref name="agent"/> once its script is used up.</summary>
    public void Respond(string agent, Func<ScriptedRequest, ScriptedTurn> responder) => _responders[agent] = responder;

    public ScriptedChatClient this[string agent] => _scripts.GetOrAdd(agent, _ => new ScriptedChatClient());

    public ScriptedChatClient Lead => this["lead"];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        return ClientFor(AgentOf(list), list, options).GetResponseAsync(list, options, cancellationToken);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        await foreach (var update in ClientFor(AgentOf(list), list, options).GetStreamingResponseAsync(list, options, cancellationToken))
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private ScriptedChatClient ClientFor(string agent, List<ChatMessage> messages, ChatOptions? options)
    {
        var script = this[agent];
        if (script.RemainingTurns > 0 || !_responders.TryGetValue(agent, out var responder))
        {
            return script;
        }

        var request = new ScriptedRequest(Interlocked.Increment(ref _calls), [.. messages], options, false);
        _responded.GetOrAdd(agent, _ => new ConcurrentQueue<ScriptedRequest>()).Enqueue(request);
        return new ScriptedChatClient(responder(request));
    }

    private static string AgentOf(List<ChatMessage> messages) =>
        messages.FirstOrDefault(m => m.Role == ChatRole.System) is { } system && Teammate().Match(system.Text) is { Success: true } match
            ? match.Groups[1].Value
            : "lead";

    [GeneratedRegex(@"^You are ([A-Za-z0-9_-]+), a teammate")]
    private static partial Regex Teammate();
}
