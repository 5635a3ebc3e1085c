using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAgent.Core.Skills;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Skills;

public sealed class SkillTests : IDisposable
{
    private static readonly string[] BundledNames =
        ["api-design", "code-review", "design", "dockerfile-builder", "docx-writer", "excel-writer", "pdf-writer", "ppt-writer"];

    private readonly TempWorkspace _skills = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _skills.Dispose();

    private AgentHarness Harness() => new(
        options: o => o.SkillsDir = _skills.Path,
        services: s => s.AddFakeLogging());

    [Fact]
    public async Task Eight_bundled_skills_ship_in_the_package_with_descriptions_and_bodies()
    {
        await using var h = Harness();
        var library = h.Services.GetRequiredService<SkillLibrary>();

        var skills = library.List();

        Assert.Equal(BundledNames, skills.Select(s => s.Name));
        Assert.All(skills, s =>
        {
            Assert.True(s.IsBundled);
            Assert.InRange(s.Description.Length, 40, 300);
            Assert.True(s.Body.Length > 800, $"{s.Name} has a body of only {s.Body.Length} characters");
            Assert.StartsWith("# ", s.Body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Skills_in_SkillsDir_add_to_the_bundled_ones_and_replace_one_by_front_matter_name()
    {
        _skills.Write("mine/SKILL.md", "---\nname: release-notes\ndescription: Write release notes from the git log.\n---\n# Release notes\nUse git log.");
        _skills.Write("house-review/SKILL.md", "---\nname: code-review\ndescription: Our house rules for reviews.\nlicense: internal\n---\nCheck our rules.");
        await using var h = Harness();
        var library = h.Services.GetRequiredService<SkillLibrary>();

        var skills = library.List();

        Assert.Equal(9, skills.Count);
        Assert.Equal("Write release notes from the git log.", library.Get("release-notes")!.Description);
        var review = library.Get("code-review")!;
        Assert.False(review.IsBundled);
        Assert.Equal("Our house rules for reviews.", review.Description);
        Assert.Equal("Check our rules.", review.Body);
    }

    [Fact]
    public async Task YAML_front_matter_is_parsed_by_a_real_YAML_parser_quotes_folded_lines_and_extra_keys_included()
    {
        _skills.Write("quoted/SKILL.md", "---\r\nname: \"sql: tuning\"\r\ndescription: >\r\n  Tune slow queries,\r\n  read plans.\r\nallowed-tools: [bash, read_file]\r\nmetadata:\r\n  version: 2\r\n---\r\nBody here.\r\n");
        await using var h = Harness();

        var skill = h.Services.GetRequiredService<SkillLibrary>().Get("sql: tuning");

        Assert.NotNull(skill);
        Assert.Equal("Tune slow queries, read plans.", skill.Description);
        Assert.Equal("Body here.", skill.Body);
    }

    [Theory]
    [InlineData("no-front/SKILL.md", "# Just a heading\nNo front matter.", "does not start with front matter")]
    [InlineData("unclosed/SKILL.md", "---\nname: x\ndescription: y\n", "no closing '---' line")]
    [InlineData("bad-yaml/SKILL.md", "---\nname: [unclosed\ndescription: y\n---\nbody", "not valid YAML")]
    [InlineData("no-desc/SKILL.md", "---\nname: lonely\n---\nbody", "no 'description'")]
    [InlineData("no-name/SKILL.md", "---\ndescription: nameless\n---\nbody", "no 'name'")]
    public async Task A_bad_skill_is_skipped_with_one_warning_that_names_the_file(string path, string content, string reason)
    {
        var file = _skills.Write(path, content);
        _skills.Write("good/SKILL.md", "---\nname: good\ndescription: Still loads.\n---\nbody");
        await using var h = Harness();
        var library = h.Services.GetRequiredService<SkillLibrary>();

        var first = library.List();
        var second = library.List();

        Assert.Equal(9, first.Count);
        Assert.Contains(first, s => s.Name == "good");
        Assert.Equal(9, second.Count);
        var warning = Assert.Single(h.Services.GetFakeLogCollector().GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains(file, warning.Message, StringComparison.Ordinal);
        Assert.Contains(reason, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_system_prompt_lists_names_and_descriptions_only_and_read_skill_gives_the_body_and_files()
    {
        _skills.Write("deploy/SKILL.md", "---\nname: deploy\ndescription: Deploy the app to staging.\n---\n# Deploy\nRun scripts/deploy.sh, then check the health URL.");
        _skills.Write("deploy/scripts/deploy.sh", "#!/bin/sh\necho deploying");
        _skills.Write("deploy/references/hosts.md", "staging: 10.0.0.5");
        _skills.Write("deploy/notes.txt", "not listed: outside the resource folders");
        await using var h = Harness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("read_skill", new { name = "deploy" }))
               .Enqueue(ScriptedTurn.ToolCall("read_skill", new { name = "nope" }))
               .Enqueue(ScriptedTurn.ToolCall("list_skills"))
               .EnqueueText("done");
        await using var session = h.NewSession();

        await session.RunAsync("ship it", h.Sink, Ct);

        var prompt = h.Model.Requests[0].SystemPrompt!;
        Assert.Contains("# Skills", prompt, StringComparison.Ordinal);
        Assert.Contains("- deploy: Deploy the app to staging.", prompt, StringComparison.Ordinal);
        Assert.Contains("- pdf-writer: ", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("check the health URL", prompt, StringComparison.Ordinal);

        var results = h.Model.Requests.Skip(1).Select(r => r.ToolResults[^1].Result?.ToString()!).ToList();
        Assert.StartsWith("# Skill: deploy\n\n# Deploy\nRun scripts/deploy.sh", results[0], StringComparison.Ordinal);
        Assert.Contains("- references/hosts.md", results[0], StringComparison.Ordinal);
        Assert.Contains("- scripts/deploy.sh", results[0], StringComparison.Ordinal);
        Assert.DoesNotContain("notes.txt", results[0], StringComparison.Ordinal);
        Assert.StartsWith("Error: There is no skill named 'nope'. Available: api-design, code-review, deploy,", results[1], StringComparison.Ordinal);
        Assert.Contains("- deploy: Deploy the app to staging.\n", results[2], StringComparison.Ordinal);
        Assert.Equal(9, results[2].Split('\n').Length);
    }

    [Fact]
    public async Task Adding_a_skill_writes_a_SKILL_md_that_reads_back_even_with_YAML_special_characters()
    {
        await using var h = Harness();
        var library = h.Services.GetRequiredService<SkillLibrary>();

        var added = await library.AddAsync("changelog", "Use when: the user asks for a \"changelog\" # or release notes", "# Changelog\r\nGroup by type.", cancellationToken: Ct);

        Assert.Equal("changelog", added.Name);
        Assert.Equal("Use when: the user asks for a \"changelog\" # or release notes", added.Description);
        var text = await File.ReadAllTextAsync(Path.Combine(_skills.Path, "changelog", "SKILL.md"), Ct);
        Assert.StartsWith("---\nname: changelog\n", text, StringComparison.Ordinal);
        Assert.EndsWith("---\n\n# Changelog\nGroup by type.\n", text, StringComparison.Ordinal);
        Assert.True(SkillLibrary.TryParseSkillFile(text, out var parsed, out _));
        Assert.Equal(added.Description, parsed.Description);
        Assert.Equal(added.Description, library.Get("changelog")!.Description);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("nul\0byte")]
    public async Task Adding_refuses_names_that_are_not_one_safe_folder_name(string name)
    {
        await using var h = Harness();
        var library = h.Services.GetRequiredService<SkillLibrary>();

        var ex = await Assert.ThrowsAsync<SkillException>(() => library.AddAsync(name, "desc", "body", cancellationToken: Ct));

        Assert.Contains("not a valid skill name", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_skills.Path));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(_skills.Path)!, "escape")));
    }

    [Fact]
    public async Task Adding_over_an_existing_skill_needs_overwrite_and_bad_descriptions_are_refused()
    {
        await using var h = Harness();
        var library = h.Services.GetRequiredService<SkillLibrary>();
        await library.AddAsync("notes", "First.", "one", cancellationToken: Ct);

        var exists = await Assert.ThrowsAsync<SkillException>(() => library.AddAsync("notes", "Second.", "two", cancellationToken: Ct));
        var replaced = await library.AddAsync("notes", "Second.", "two", overwrite: true, cancellationToken: Ct);
        var multiLine = await Assert.ThrowsAsync<SkillException>(() => library.AddAsync("other", "line one\nline two", "x", cancellationToken: Ct));

        Assert.Contains("already exists", exists.Message, StringComparison.Ordinal);
        Assert.Equal("two", replaced.Body);
        Assert.Contains("one line", multiLine.Message, StringComparison.Ordinal);
    }
}
