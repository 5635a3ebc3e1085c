using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace OpenAgent.Core.Llm;

/// <summary>
/// Replaces secrets in text with <c>[REDACTED]</c> before it leaves the process in a trace. Two layers: the exact values
/// of secret environment variables (so a key is caught whatever it looks like), then patterns for what secrets usually look
/// like (<c>sk-</c> keys, <c>api_key=…</c>, <c>token: …</c>, <c>Bearer …</c>, long base64-like runs).
/// </summary>
public sealed partial class SecretRedactor
{
    /// <summary>The text that replaces a secret.</summary>
    public const string Mask = "[REDACTED]";

    private const int MinimumSecretLength = 8;

    private readonly string[] _knownSecrets;

    /// <summary>Initializes a new instance that masks <paramref name="knownSecrets"/> exactly, as well as the patterns.</summary>
    /// <param name="knownSecrets">Values to mask wherever they occur; values shorter than 8 characters are ignored.</param>
    public SecretRedactor(IEnumerable<string>? knownSecrets = null)
    {
        // Longest first, so a secret that contains another is masked whole.
        _knownSecrets = (knownSecrets ?? [])
            .Where(s => s is { Length: >= MinimumSecretLength })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    /// <summary>Gets a redactor that masks only by pattern.</summary>
    public static SecretRedactor PatternsOnly { get; } = new();

    /// <summary>
    /// Creates a redactor that also masks the values of the environment variables whose names match
    /// <paramref name="namePatterns"/> (<c>*</c> and <c>?</c> wildcards, case-insensitive).
    /// </summary>
    /// <param name="namePatterns">Patterns such as <c>*KEY*</c> or <c>AWS_*</c>.</param>
    /// <returns>The redactor.</returns>
    public static SecretRedactor FromEnvironment(IEnumerable<string> namePatterns)
    {
        ArgumentNullException.ThrowIfNull(namePatterns);
        var patterns = namePatterns.Select(WildcardToRegex).ToArray();
        var values = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value && Array.Exists(patterns, p => p.IsMatch(name)))
            {
                values.Add(value);
            }
        }

        return new SecretRedactor(values);
    }

    /// <summary>Returns <paramref name="text"/> with every secret found replaced by <see cref="Mask"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The redacted text; the same instance when nothing was found.</returns>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < MinimumSecretLength)
        {
            return text;
        }

        foreach (var secret in _knownSecrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        text = BearerToken().Replace(text, "Bearer " + Mask);
        text = ProviderKey().Replace(text, Mask);
        text = NamedSecret().Replace(text, m => m.Groups["name"].Value + m.Groups["sep"].Value + Mask);
        return Base64Run().Replace(text, Mask);
    }

    // "Bearer" and 20+ token characters.
    [GeneratedRegex(@"\bBearer\s+[A-Za-z0-9\-._~+/]{20,}=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();

    // sk-..., sk-ant-..., sk-proj-... provider keys.
    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex ProviderKey();

    // api_key / token / secret / password / auth followed by a separator and 8+ characters.
    [GeneratedRegex(
        @"(?<name>\b[A-Za-z0-9_\-]*(?:api[_-]?key|token|secret|password|passwd|auth)[A-Za-z0-9_\-]*)(?<sep>[""']?\s*[:=]\s*[""']?)(?!\[REDACTED\])[^\s""',;&]{8,}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamedSecret();

    // Base64-like runs of 40+ characters (with at least one digit, so long words and paths are left alone).
    [GeneratedRegex(@"(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9+/]*[0-9])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Run();

    internal static Regex WildcardToRegex(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
