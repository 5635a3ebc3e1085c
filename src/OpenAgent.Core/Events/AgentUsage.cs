namespace OpenAgent.Core.Events;

/// <summary>
/// Token counts, as reported by the model provider. Serialises as <c>{"input_tokens": n, "output_tokens": n}</c>.
/// </summary>
/// <param name="InputTokens">Tokens sent to the model, summed over the calls counted.</param>
/// <param name="OutputTokens">Tokens the model produced, summed over the calls counted.</param>
public sealed record AgentUsage(long InputTokens, long OutputTokens)
{
    /// <summary>Gets usage of zero tokens.</summary>
    public static AgentUsage Zero { get; } = new(0, 0);

    /// <summary>Gets the sum of input and output tokens.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Adds two usages.</summary>
    /// <param name="left">The first usage.</param>
    /// <param name="right">The second usage.</param>
    /// <returns>The sum.</returns>
    public static AgentUsage operator +(AgentUsage left, AgentUsage right)
    {
        System.ArgumentNullException.ThrowIfNull(left);
        System.ArgumentNullException.ThrowIfNull(right);
        return new(left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens);
    }

    /// <summary>Adds two usages.</summary>
    /// <param name="other">The usage to add.</param>
    /// <returns>The sum.</returns>
    public AgentUsage Add(AgentUsage other) => this + other;
}
