using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Prompts;

/// <summary>
/// Composes the system prompt: the session's own prompt or its preset (with <c>{workspace}</c> filled in), then the
/// workspace memory when <see cref="OpenAgentOptions.EnableMemory"/> is on, then every
/// <see cref="ISystemPromptContributor"/>'s section. A custom prompt replaces only the first part.
/// </summary>
internal sealed class DefaultSystemPromptProvider(
    PromptPresets presets,
    IOptions<OpenAgentOptions> options,
    IEnumerable<ISystemPromptContributor> contributorServices) : ISystemPromptProvider
{
    private const string Fallback =
        "You are a capable coding agent working in {workspace}. Plan briefly, act with your tools, check the results, " +
        "and report what you did.";

    private readonly OpenAgentOptions _options = options.Value;
    private readonly IReadOnlyList<ISystemPromptContributor> _contributors = [.. contributorServices];

    // The preset and the memory are read once per session (again if its SystemPrompt or Preset changes):
    // memory is rewritten at the end of a session, so a session's view of it is fixed anyway.
    private readonly ConditionalWeakTable<AgentSession, Head> _heads = [];

    public async ValueTask<string> GetSystemPromptAsync(AgentSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!_heads.TryGetValue(session, out var head) || head.SystemPrompt != session.SystemPrompt || head.Preset != session.Preset)
        {
            head = new Head(session.SystemPrompt, session.Preset, await ComposeHeadAsync(session, cancellationToken).ConfigureAwait(false));
            _heads.AddOrUpdate(session, head);
        }

        if (_contributors.Count == 0)
        {
            return head.Text;
        }

        var sections = new string?[_contributors.Count];
        for (var i = 0; i < sections.Length; i++)
        {
            sections[i] = await _contributors[i].GetSectionAsync(session, cancellationToken).ConfigureAwait(false);
        }

        // Sections rarely change between runs: reuse the last prompt when they are the same.
        if (head.Last is { } last && last.Sections.AsSpan().SequenceEqual(sections))
        {
            return last.Text;
        }

        var prompt = new StringBuilder(head.Text);
        foreach (var section in sections)
        {
            if (section is { Length: > 0 })
            {
                prompt.Append("\n\n").Append(section.Trim());
            }
        }

        var text = prompt.ToString();
        head.Last = (sections, text);
        return text;
    }

    private async Task<string> ComposeHeadAsync(AgentSession session, CancellationToken cancellationToken)
    {
        var head = session.SystemPrompt
            ?? presets.Get(session.Preset ?? _options.DefaultPreset)?.Body
            ?? presets.Get(_options.DefaultPreset)?.Body
            ?? Fallback;
        var prompt = new StringBuilder(head.Replace("{workspace}", session.WorkspacePath, StringComparison.Ordinal));
        if (_options.EnableMemory)
        {
            var memory = (await AgentMemory.ReadAsync(session.WorkspacePath, cancellationToken).ConfigureAwait(false)).Trim();
            if (memory.Length > 0)
            {
                prompt.Append("\n\n# Memory from earlier sessions\n").Append(memory);
            }
        }

        return prompt.ToString();
    }

    private sealed record Head(string? SystemPrompt, string? Preset, string Text)
    {
        public (string?[] Sections, string Text)? Last { get; set; }
    }
}
