using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Workspace;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OpenAgent.Core.Skills;

/// <summary>
/// The skills an agent can use: eight bundled in the package, plus <c>{SkillsDir}/*/SKILL.md</c>, which add to them or
/// replace one by name. A SKILL.md starts with YAML front matter (<c>name</c> and <c>description</c> required) between
/// <c>---</c> lines; the rest is the body. A file that is not valid is skipped with a warning naming it.
/// </summary>
/// <remarks>Files are read again only when they change, so edits apply to the next run and a bad file warns once.</remarks>
public sealed partial class SkillLibrary
{
    /// <summary>The folders beside SKILL.md that <c>read_skill</c> lists.</summary>
    public static readonly IReadOnlyList<string> ResourceFolders = ["scripts", "references", "assets"];

    private const string FileName = "SKILL.md";
    private const string ResourcePrefix = "OpenAgent.Core.Skills.";
    private const int MaxListedFiles = 50;
    private const int MaxBodyLength = 200_000;

    private static readonly Lazy<IReadOnlyList<Skill>> Bundled = new(LoadBundled);
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    private static readonly ISerializer YamlWriter = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private readonly OpenAgentOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _snapshotGate = new();
    private IReadOnlyList<Skill>? _snapshot;
    private long _checkedAt;
    private readonly ConcurrentDictionary<string, (DateTime Stamp, long Length, Skill? Skill)> _cache = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The SDK options (<see cref="OpenAgentOptions.SkillsDir"/>).</param>
    /// <param name="logger">Where warnings about bad skill files go.</param>
    /// <param name="timeProvider">The clock that spaces out checks of <c>SkillsDir</c>.</param>
    public SkillLibrary(IOptions<OpenAgentOptions> options, ILogger<SkillLibrary>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the full path of the skills folder.</summary>
    public string SkillsPath => Path.GetFullPath(_options.SkillsDir);

    /// <summary>
    /// Lists the skills, sorted by name; a skill in <c>SkillsDir</c> replaces a bundled one of the same name. The folder is
    /// checked for changes at most once a second; while nothing changes the same list instance is returned.
    /// </summary>
    /// <returns>The skills.</returns>
    public IReadOnlyList<Skill> List()
    {
        lock (_snapshotGate)
        {
            if (_snapshot is { } snapshot && _time.GetElapsedTime(_checkedAt) < RecheckInterval)
            {
                return snapshot;
            }

            var current = Load();
            _snapshot = _snapshot is { } previous && previous.SequenceEqual(current, ReferenceEqualityComparer.Instance) ? previous : current;
            _checkedAt = _time.GetTimestamp();
            return _snapshot;
        }
    }

    private List<Skill> Load()
    {
        var byName = new SortedDictionary<string, Skill>(StringComparer.Ordinal);
        foreach (var skill in Bundled.Value)
        {
            byName[skill.Name] = skill;
        }

        foreach (var skill in LoadFromDisk())
        {
            byName[skill.Name] = skill;
        }

        return [.. byName.Values];
    }

    /// <summary>Gets a skill by name.</summary>
    /// <param name="name">The skill's name.</param>
    /// <returns>The skill, or <see langword="null"/> when there is none of that name.</returns>
    public Skill? Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return List().FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
    }

    /// <summary>
    /// Writes <c>{SkillsDir}/{name}/SKILL.md</c> with valid front matter, atomically. The name must be a safe folder name:
    /// letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, starting with a letter or digit, at most 64 characters.
    /// </summary>
    /// <param name="name">The skill's name, which is also its folder.</param>
    /// <param name="description">One line saying when to use it.</param>
    /// <param name="body">The instructions, in Markdown.</param>
    /// <param name="overwrite">Whether to replace a skill of that name in <c>SkillsDir</c>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The skill as read back.</returns>
    /// <exception cref="SkillException">An argument is not valid, or the skill exists and <paramref name="overwrite"/> is false.</exception>
    public async Task<Skill> AddAsync(string name, string description, string body, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(body);
        if (!SafeName().IsMatch(name))
        {
            throw new SkillException(
                $"'{name}' is not a valid skill name: use 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }

        description = description.Trim();
        if (description.Length == 0 || description.Length > 1024 || description.Contains('\n', StringComparison.Ordinal))
        {
            throw new SkillException("A skill's description must be one line of 1 to 1,024 characters.");
        }

        body = body.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (body.Length == 0 || body.Length > MaxBodyLength)
        {
            throw new SkillException($"A skill's body must be between 1 and {MaxBodyLength:N0} characters.");
        }

        var file = Path.Combine(SkillsPath, name, FileName);
        if (!overwrite && File.Exists(file))
        {
            throw new SkillException($"A skill named '{name}' already exists in {SkillsPath}.");
        }

        var frontMatter = YamlWriter.Serialize(new FrontMatter { Name = name, Description = description });
        await AtomicFile.WriteAllTextAsync(file, $"---\n{frontMatter}---\n\n{body}\n", cancellationToken).ConfigureAwait(false);
        lock (_snapshotGate)
        {
            _snapshot = null;
        }

        return Read(file) ?? throw new SkillException($"The skill written to {file} could not be read back.");
    }

    /// <summary>Parses a SKILL.md's text.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="skill">The name, description and body, when valid.</param>
    /// <param name="error">What is wrong, when not.</param>
    /// <returns>Whether the text is a valid skill.</returns>
    public static bool TryParseSkillFile(string text, out (string Name, string Description, string Body) skill, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        skill = default;
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            error = "it does not start with front matter (a '---' line)";
            return false;
        }

        var end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        while (end >= 0 && end + 4 < text.Length && text[end + 4] != '\n')
        {
            end = text.IndexOf("\n---", end + 4, StringComparison.Ordinal);
        }

        if (end < 0)
        {
            error = "its front matter has no closing '---' line";
            return false;
        }

        FrontMatter? front;
        try
        {
            front = Yaml.Deserialize<FrontMatter?>(text[4..(end + 1)]);
        }
        catch (YamlException ex)
        {
            error = $"its front matter is not valid YAML (line {ex.Start.Line}): {ex.InnerException?.Message ?? ex.Message}";
            return false;
        }

        var name = front?.Name?.Trim();
        var description = front?.Description is { } d ? string.Join(' ', d.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries)).Trim() : null;
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(description))
        {
            error = string.IsNullOrEmpty(name) ? "its front matter has no 'name'" : "its front matter has no 'description'";
            return false;
        }

        skill = (name, description, end + 4 >= text.Length ? string.Empty : text[(end + 4)..].Trim());
        error = null;
        return true;
    }

    private IEnumerable<Skill> LoadFromDisk()
    {
        var folder = SkillsPath;
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var skillFolder in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(skillFolder, FileName);
            if (File.Exists(file) && Read(file) is { } skill)
            {
                yield return skill;
            }
        }
    }

    private Skill? Read(string file)
    {
        var info = new FileInfo(file);
        if (_cache.TryGetValue(file, out var cached) && cached.Stamp == info.LastWriteTimeUtc && cached.Length == info.Length)
        {
            return cached.Skill;
        }

        Skill? skill = null;
        try
        {
            if (TryParseSkillFile(File.ReadAllText(file), out var parsed, out var error))
            {
                var folder = Path.GetDirectoryName(file)!;
                skill = new Skill(parsed.Name, parsed.Description, parsed.Body, folder, ListResources(folder));
            }
            else
            {
                LogSkipped(_logger, file, error!);
            }
        }
        catch (IOException ex)
        {
            LogSkipped(_logger, file, ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            LogSkipped(_logger, file, ex.Message);
        }

        _cache[file] = (info.LastWriteTimeUtc, info.Length, skill);
        return skill;
    }

    private static List<string> ListResources(string folder)
    {
        var files = new List<string>();
        foreach (var sub in ResourceFolders)
        {
            var path = Path.Combine(folder, sub);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden }))
            {
                files.Add(Path.GetRelativePath(folder, file).Replace('\\', '/'));
                if (files.Count == MaxListedFiles)
                {
                    return files;
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static List<Skill> LoadBundled()
    {
        var assembly = typeof(SkillLibrary).Assembly;
        var skills = new List<Skill>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            if (!TryParseSkillFile(reader.ReadToEnd(), out var parsed, out var error))
            {
                throw new InvalidOperationException($"The bundled skill {resource} is not valid: {error}.");
            }

            skills.Add(new Skill(parsed.Name, parsed.Description, parsed.Body, null, []));
        }

        return skills;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Skipping the skill in {File}: {Reason}.")]
    private static partial void LogSkipped(ILogger logger, string file, string reason);

    private sealed class FrontMatter
    {
        public string? Name { get; set; }

        public string? Description { get; set; }
    }
}
