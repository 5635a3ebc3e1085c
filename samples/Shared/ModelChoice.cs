using Microsoft.Extensions.AI;

namespace OpenAgent.Samples.Shared;

/// <summary>A model client made from <see cref="ModelSettings"/>, and a line saying what it is, for the host's log.</summary>
/// <param name="Client">The client, retries included.</param>
/// <param name="Provider">The provider used: anthropic, openai, ollama, scripted or demo.</param>
/// <param name="Description">What was chosen, for example <c>openai gpt-4.1 at http://127.0.0.1:8080/v1</c>; never the key.</param>
public sealed record ModelChoice(IChatClient Client, string Provider, string Description)
{
    /// <summary>Gets a value indicating whether this is the offline demo model rather than a real model.</summary>
    public bool IsDemo => Provider == ModelProviders.Demo;
}
