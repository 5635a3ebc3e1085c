using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Prompts;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Prompts;

public sealed class PromptsAndMemoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> SystemPromptOf(AgentHarness h, AgentSession session)
    {
        h.Model.EnqueueText("ok");
        await session.RunAsync("hi", AgentEventSink.Null, Ct);
        return h.Model.Requests[^1].SystemPrompt!;
    }

    [Fact]
    public async Task The_default_preset_is_a_coding_agent_in_its_workspace()
    {
        await using var h = new AgentHarness();
        await using var session = h.NewSession();

        var prompt = await SystemPromptOf(h, session);

        Assert.Contains("coding agent", prompt, StringComparison.Ordinal);
        Assert.Contains(session.WorkspacePath, prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("{workspace}", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presets_ship_inside_the_package_and_custom_ones_add_to_or_replace_them()
    {
        using var prompts = new TempWorkspace();
        prompts.Write("mine/PROMPT.md", "# My preset for {workspace}\nBe terse.");
        prompts.Write("coding/PROMPT.md", "# House coding rules\nAlways write tests.");
        await using var h = new AgentHarness(options: o => o.PromptsDir = prompts.Path);
        var presets = h.Services.GetRequiredService<PromptPresets>();

        Assert.Equal(["coding", "mine", "work"], presets.List().Select(p => p.Name));
        Assert.Equal("House coding rules", presets.Get("coding")!.Description);
        Assert.False(presets.Get("coding")!.IsBuiltIn);
        Assert.True(presets.Get("work")!.IsBuiltIn);
        Assert.StartsWith("Work assistant", presets.Get("work")!.Description, StringComparison.Ordinal);

        await using var session = h.NewSession(new AgentSessionOptions { Preset = "mine" });
        Assert.StartsWith($"# My preset for {session.WorkspacePath}\nBe terse.", await SystemPromptOf(h, session), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_goes_into_the_prompt_verbatim_when_enabled_and_even_with_a_custom_prompt()
    {
        await using var h = new AgentHarness(services: s => s.AddSingleton<ISystemPromptContributor>(new FixedSection("## Extra\nfrom a contributor")));
        await using var session = h.NewSession(new AgentSessionOptions { SystemPrompt = "You are a pirate." });
        await AgentMemory.WriteAsync(session.WorkspacePath, "## User Preferences\n- likes tabs\n", Ct);

        var prompt = await SystemPromptOf(h, session);

        Assert.StartsWith("You are a pirate.", prompt, StringComparison.Ordinal);
        Assert.Contains("## User Preferences\n- likes tabs", prompt, StringComparison.Ordinal);
        Assert.EndsWith("## Extra\nfrom a contributor", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_stays_out_of_the_prompt_when_disabled()
    {
        await using var h = new AgentHarness(options: o => o.EnableMemory = false);
        await using var session = h.NewSession();
        await AgentMemory.WriteAsync(session.WorkspacePath, "- secret preference\n", Ct);

        Assert.DoesNotContain("secret preference", await SystemPromptOf(h, session), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_is_empty_when_absent_and_kept_under_4KB_by_dropping_the_oldest_lines()
    {
        using var ws = new TempWorkspace();
        Assert.Equal(string.Empty, await AgentMemory.ReadAsync(ws.Path, Ct));

        var text = string.Join('\n', Enumerable.Range(1, 400).Select(i => $"- fact number {i:D4}")) + "\n- the newest fact";
        var written = await AgentMemory.WriteAsync(ws.Path, text, Ct);

        Assert.True(Encoding.UTF8.GetByteCount(written) <= 4096);
        Assert.EndsWith("- the newest fact", written, StringComparison.Ordinal);
        Assert.DoesNotContain("fact number 0001", written, StringComparison.Ordinal);
        Assert.Equal(written, await AgentMemory.ReadAsync(ws.Path, Ct));
        Assert.Equal(["memory.md"], Directory.GetFiles(Path.Combine(ws.Path, ".agent")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_memory_update_merges_durable_facts_with_one_model_call()
    {
        await using var h = new AgentHarness();
        await using var session = h.NewSession();
        await AgentMemory.WriteAsync(session.WorkspacePath, "## Project Context\n- a .NET 10 library\n", Ct);
        h.Model.EnqueueText("I prefer spaces over tabs.").Enqueue(ScriptedTurn.Text("## User Preferences\n- prefers spaces\n## Project Context\n- a .NET 10 library"));
        await session.RunAsync("Use spaces, not tabs, from now on.", AgentEventSink.Null, Ct);

        var updated = await h.Services.GetRequiredService<MemoryUpdater>().UpdateAsync(session, Ct);

        Assert.True(updated);
        var request = h.Model.Requests[^1];
        Assert.Equal(2048, request.Options!.MaxOutputTokens);
        Assert.Contains("- a .NET 10 library", request.LastMessage!.Text, StringComparison.Ordinal);
        Assert.Contains("[user] Use spaces, not tabs, from now on.", request.LastMessage.Text, StringComparison.Ordinal);
        Assert.Contains("- prefers spaces", await AgentMemory.ReadAsync(session.WorkspacePath, Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fails")]
    [InlineData("unusable")]
    public async Task A_failed_or_unusable_update_keeps_the_old_memory(string how)
    {
        await using var h = new AgentHarness();
        await using var session = h.NewSession();
        await AgentMemory.WriteAsync(session.WorkspacePath, "- keep me\n", Ct);
        h.Model.EnqueueText("hello").Enqueue(how == "fails" ? ScriptedTurn.Throw(new TimeoutException("slow")) : ScriptedTurn.Text("Sorry, I can't help with that."));
        await session.RunAsync("hi", AgentEventSink.Null, Ct);

        var updated = await h.Services.GetRequiredService<MemoryUpdater>().UpdateAsync(session, Ct);

        Assert.False(updated);
        Assert.Equal("- keep me\n", await AgentMemory.ReadAsync(session.WorkspacePath, Ct));
    }

    [Fact]
    public async Task No_update_is_attempted_for_a_short_conversation_or_with_memory_off()
    {
        await using var h = new AgentHarness(options: o => o.EnableMemory = false);
        await using var session = h.NewSession();
        var updater = h.Services.GetRequiredService<MemoryUpdater>();

        Assert.False(await updater.UpdateAsync(session, Ct));
        Assert.Empty(h.Model.Requests);
    }

    private sealed class FixedSection(string text) : ISystemPromptContributor
    {
        public ValueTask<string?> GetSectionAsync(AgentSession session, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(text);
    }
}
