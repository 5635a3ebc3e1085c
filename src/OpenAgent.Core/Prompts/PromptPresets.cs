using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Options;

namespace OpenAgent.Core.Prompts;

/// <summary>
/// The prompt presets: <c>coding</c> and <c>work</c> shipped inside the package, plus custom ones from
/// <see cref="OpenAgentOptions.PromptsDir"/> (<c>{name}/PROMPT.md</c>), which add to them or replace one by name.
/// Custom presets are read from disk each time, so edits apply to the next run.
/// </summary>
public sealed class PromptPresets
{
    private const string ResourcePrefix = "OpenAgent.Core.Presets.";
    private static readonly Lazy<IReadOnlyList<PromptPreset>> BuiltIn = new(LoadBuiltIn);
    private readonly OpenAgentOptions _options;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The SDK options (<see cref="OpenAgentOptions.PromptsDir"/>).</param>
    public PromptPresets(IOptions<OpenAgentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <summary>Lists the presets, sorted by name.</summary>
    /// <returns>The presets.</returns>
    public IReadOnlyList<PromptPreset> List()
    {
        var byName = new SortedDictionary<string, PromptPreset>(StringComparer.Ordinal);
        foreach (var preset in BuiltIn.Value)
        {
            byName[preset.Name] = preset;
        }

        foreach (var preset in LoadCustom())
        {
            byName[preset.Name] = preset;
        }

        return [.. byName.Values];
    }

    /// <summary>Gets a preset by name.</summary>
    /// <param name="name">The preset's name.</param>
    /// <returns>The preset, or <see langword="null"/> when there is none of that name.</returns>
    public PromptPreset? Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        // Called for every run: one look for a custom file, then the built-ins in memory.
        if (IsFolderName(name))
        {
            var file = Path.Combine(Path.GetFullPath(_options.PromptsDir), name, "PROMPT.md");
            if (File.Exists(file))
            {
                return Create(name, File.ReadAllText(file), isBuiltIn: false);
            }
        }

        foreach (var preset in BuiltIn.Value)
        {
            if (string.Equals(preset.Name, name, StringComparison.Ordinal))
            {
                return preset;
            }
        }

        return null;
    }

    private static bool IsFolderName(string name) =>
        name.Length > 0 && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && name != "." && name != "..";

    private IEnumerable<PromptPreset> LoadCustom()
    {
        var folder = Path.GetFullPath(_options.PromptsDir);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var presetFolder in Directory.EnumerateDirectories(folder))
        {
            var file = Path.Combine(presetFolder, "PROMPT.md");
            if (File.Exists(file))
            {
                yield return Create(Path.GetFileName(presetFolder), File.ReadAllText(file), isBuiltIn: false);
            }
        }
    }

    private static List<PromptPreset> LoadBuiltIn()
    {
        var assembly = typeof(PromptPresets).Assembly;
        var presets = new List<PromptPreset>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".md", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            presets.Add(Create(resource[ResourcePrefix.Length..^3], reader.ReadToEnd(), isBuiltIn: true));
        }

        return presets;
    }

    private static PromptPreset Create(string name, string text, bool isBuiltIn)
    {
        var body = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var firstLine = body.Split('\n', 2)[0];
        return new PromptPreset(name, firstLine.TrimStart('#', ' ').Trim(), body, isBuiltIn);
    }
}
