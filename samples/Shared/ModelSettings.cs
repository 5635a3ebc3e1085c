namespace OpenAgent.Samples.Shared;

/// <summary>
/// Which model a sample host talks to: the <c>OpenAgent:Model</c> configuration section, so
/// <c>OpenAgent__Model__Provider=openai</c> and <c>OpenAgent__Model__Endpoint=http://127.0.0.1:8080/v1</c> in the
/// environment point either host at any OpenAI-compatible server. Sub-sections <c>Subagent</c>, <c>Teammate</c> and
/// <c>Compaction</c> choose a different model for those jobs; whatever they leave out comes from the main settings.
/// </summary>
public sealed class ModelSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "OpenAgent:Model";

    /// <summary>Gets or sets the provider: <c>anthropic</c>, <c>openai</c>, <c>ollama</c>, <c>scripted</c> or <c>demo</c>.
    /// Empty means: anthropic when ANTHROPIC_API_KEY is set, else openai when OPENAI_API_KEY or OPENAI_BASE_URL is set,
    /// else the offline demo model.</summary>
    public string? Provider { get; set; }

    /// <summary>Gets or sets the model id, for example <c>claude-sonnet-4-5</c>, <c>gpt-4.1</c> or <c>qwen3:8b</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the base URL (OPENAI_BASE_URL / ANTHROPIC_BASE_URL are used when empty).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Gets or sets the API key (ANTHROPIC_API_KEY / OPENAI_API_KEY are used when empty).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the JSON script played by the <c>scripted</c> provider (format: docs/model-providers.md).</summary>
    public string? ScriptPath { get; set; }

    /// <summary>Gets or sets the model for sub-agents, if it differs.</summary>
    public ModelSettings? Subagent { get; set; }

    /// <summary>Gets or sets the model for teammates, if it differs.</summary>
    public ModelSettings? Teammate { get; set; }

    /// <summary>Gets or sets the model for compaction summaries and memory updates, if it differs.</summary>
    public ModelSettings? Compaction { get; set; }

    /// <summary>These settings with the gaps filled from <paramref name="main"/>.</summary>
    /// <param name="main">The main model's settings.</param>
    /// <returns>The merged settings.</returns>
    public ModelSettings InheritFrom(ModelSettings main)
    {
        System.ArgumentNullException.ThrowIfNull(main);
        var sameProvider = string.IsNullOrEmpty(Provider) || string.Equals(Provider, main.Provider, System.StringComparison.OrdinalIgnoreCase);
        return new ModelSettings
        {
            Provider = string.IsNullOrEmpty(Provider) ? main.Provider : Provider,
            Name = Name ?? (sameProvider ? main.Name : null),
            Endpoint = Endpoint ?? (sameProvider ? main.Endpoint : null),
            ApiKey = ApiKey ?? (sameProvider ? main.ApiKey : null),
            ScriptPath = ScriptPath ?? (sameProvider ? main.ScriptPath : null),
        };
    }
}
