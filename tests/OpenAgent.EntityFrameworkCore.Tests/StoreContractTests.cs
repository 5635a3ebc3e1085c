using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Conversations;
using OpenAgent.Core.Events;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.EntityFrameworkCore.Tests;

/// <summary>What every conversation store must do, run against the in-memory store, SQLite and a real PostgreSQL server.</summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store as one host would have it: its own service provider, on the shared database.</summary>
    protected abstract Task<IConversationStore> OpenStoreAsync();

    protected async Task<IConversationStore> OpenEfStoreAsync(Action<OpenAgentStoreOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddChatClient(new ScriptedChatClient());
        services.AddOpenAgent().AddEntityFrameworkStore(configure);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        return provider.GetRequiredService<IConversationStore>();
    }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private static ConversationRecord Record(string id, DateTimeOffset created, params ChatMessage[] messages) => new()
    {
        Id = id,
        Title = "About " + id,
        CreatedAt = created,
        UpdatedAt = created,
        State = new AgentSessionState
        {
            Id = id,
            WorkspacePath = "/srv/ws/" + id,
            Messages = [.. messages],
            Usage = new AgentUsage(1234, 56),
            Preset = "work",
            SystemPrompt = "Be brief.",
            TeamsEnabled = true,
            TracingEnabled = true,
            ApprovalEnabled = true,
            PlanMode = true,
        },
    };

    [Fact]
    public async Task History_flags_and_usage_round_trip_and_the_list_is_newest_first()
    {
        var store = await OpenStoreAsync();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await store.SaveAsync(Record("older", now.AddMinutes(-1), new ChatMessage(ChatRole.User, "hi")), Ct);
        await store.SaveAsync(Record("newer", now,
            new ChatMessage(ChatRole.User, "run it"),
            new ChatMessage(ChatRole.Assistant, [new TextContent("running"), new FunctionCallContent("c1", "bash", new Dictionary<string, object?> { ["command"] = "ls" })]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "a.txt\nb.txt")]),
            new ChatMessage(ChatRole.Assistant, "two files")), Ct);

        var list = await store.ListAsync(Ct);
        var newer = await store.GetAsync("newer", Ct);

        Assert.Equal(["newer", "older"], list.Where(c => c.Id is "newer" or "older").Select(c => c.Id));
        Assert.Equal(4, list.Single(c => c.Id == "newer").MessageCount);
        Assert.Equal(now, newer!.CreatedAt);
        Assert.Equal("About newer", newer.Title);
        var state = newer.State;
        Assert.Equal((new AgentUsage(1234, 56), "work", "Be brief.", true, true, true, true),
            (state.Usage, state.Preset, state.SystemPrompt, state.TeamsEnabled, state.TracingEnabled, state.ApprovalEnabled, state.PlanMode));
        var call = Assert.Single(state.Messages[1].Contents.OfType<FunctionCallContent>());
        Assert.Equal(("c1", "bash", "ls"), (call.CallId, call.Name, call.Arguments!["command"]?.ToString()));
        Assert.Equal("a.txt\nb.txt", state.Messages[2].Contents.OfType<FunctionResultContent>().Single().Result?.ToString());
        Assert.Null(await store.GetAsync("missing", Ct));
    }

    [Fact]
    public async Task Saving_again_replaces_and_deleting_removes()
    {
        var store = await OpenStoreAsync();
        var record = Record("edited", DateTimeOffset.UtcNow, new ChatMessage(ChatRole.User, "first"));
        record.Title = null;
        await store.SaveAsync(record, Ct);
        Assert.Null((await store.GetAsync("edited", Ct))!.Title);
        await store.SaveAsync(record, Ct);
        Assert.Null((await store.GetAsync("edited", Ct))!.Title);
        record.Title = "Renamed";
        record.State.Messages.Add(new ChatMessage(ChatRole.Assistant, "second"));
        await store.SaveAsync(record, Ct);

        var saved = await store.GetAsync("edited", Ct);

        Assert.Equal("Renamed", saved!.Title);
        Assert.Equal(["first", "second"], saved.State.Messages.Select(m => m.Text));
        Assert.True(await store.DeleteAsync("edited", Ct));
        Assert.False(await store.DeleteAsync("edited", Ct));
        Assert.Null(await store.GetAsync("edited", Ct));
    }

    [Fact]
    public async Task Two_hosts_on_one_database_see_each_others_conversations()
    {
        var first = await OpenStoreAsync();
        var second = await OpenStoreAsync();

        await first.SaveAsync(Record("shared", DateTimeOffset.UtcNow, new ChatMessage(ChatRole.User, "from node one")), Ct);
        var seen = await second.GetAsync("shared", Ct);
        seen!.State.Messages.Add(new ChatMessage(ChatRole.Assistant, "answered by node two"));
        await second.SaveAsync(seen, Ct);

        Assert.Equal("answered by node two", (await first.GetAsync("shared", Ct))!.State.Messages[^1].Text);
    }

    [Fact]
    public async Task Saves_from_many_threads_all_land()
    {
        var store = await OpenStoreAsync();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            store.SaveAsync(Record($"parallel-{i:00}", DateTimeOffset.UtcNow.AddSeconds(i), new ChatMessage(ChatRole.User, $"message {i}")), Ct)));

        var list = await store.ListAsync(Ct);
        Assert.Equal(20, list.Count(c => c.Id.StartsWith("parallel-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Two_hosts_saving_one_new_conversation_at_once_both_succeed_and_leave_one_row()
    {
        var stores = new[] { await OpenStoreAsync(), await OpenStoreAsync() };

        // Each round both hosts save a conversation neither has saved before: one inserts, the other finds the row.
        for (var round = 0; round < 10; round++)
        {
            var id = $"race-{round}";
            await Task.WhenAll(stores.Select((store, host) =>
                store.SaveAsync(Record(id, DateTimeOffset.UtcNow, new ChatMessage(ChatRole.User, $"from host {host}")), Ct)));

            var saved = await stores[0].GetAsync(id, Ct);
            Assert.Contains(saved!.State.Messages.Single().Text, new[] { "from host 0", "from host 1" });
        }

        Assert.Equal(10, (await stores[1].ListAsync(Ct)).Count(c => c.Id.StartsWith("race-", StringComparison.Ordinal)));
    }
}

public sealed class InMemoryStoreContractTests : StoreContractTests
{
    private readonly InMemoryConversationStore _store = new();

    protected override Task<IConversationStore> OpenStoreAsync() => Task.FromResult<IConversationStore>(_store);
}

public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("openagent-sqlite-").FullName;

    protected override Task<IConversationStore> OpenStoreAsync() =>
        OpenEfStoreAsync(o => o.ConnectionString = $"Data Source={Path.Combine(_folder, "conversations.db")};Pooling=False");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>A real PostgreSQL server on loopback: .ci/run installs and starts Debian's package (see PostgresServer).</summary>
public sealed class PostgresStoreContractTests : StoreContractTests
{
    private readonly string _connection = PostgresServer.NewDatabase();

    protected override Task<IConversationStore> OpenStoreAsync() =>
        OpenEfStoreAsync(o => { o.Provider = "postgresql"; o.ConnectionString = _connection; });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresServer.DropAsync(_connection);
    }
}
