using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenAgent.Core;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Background;
using OpenAgent.Core.Compaction;
using OpenAgent.Core.Conversations;
using OpenAgent.Core.DependencyInjection;
using OpenAgent.Core.Llm;
using OpenAgent.Core.Mcp;
using OpenAgent.Core.Prompts;
using OpenAgent.Core.Shell;
using OpenAgent.Core.Skills;
using OpenAgent.Core.Tasks;
using OpenAgent.Core.Teams;
using OpenAgent.Core.Todos;
using OpenAgent.Core.Tools;
using OpenAgent.Core.Tools.BuiltIn;
using OpenAgent.Core.Tools.BuiltIn.Team;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers OpenAgent.Core in a service collection.
/// </summary>
public static class OpenAgentServiceCollectionExtensions
{
    /// <summary>
    /// Adds the agent loop, its built-in tools and <see cref="AgentSessionFactory"/>. Options are bound from the
    /// <c>OpenAgent</c> configuration section (when an <see cref="IConfiguration"/> is registered), then
    /// <paramref name="configure"/> is applied, and the result is validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the options, applied after configuration binding.</param>
    /// <returns>A builder to add tools and features with.</returns>
    /// <remarks>
    /// The model is the <see cref="IChatClient"/> registered in the collection (for example with
    /// <c>services.AddChatClient(...)</c>); start-up fails with a clear message when there is none.
    /// Calling this method twice is harmless.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IOpenAgentBuilder AddOpenAgent(this IServiceCollection services, Action<OpenAgentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        if (!services.IsAlreadyRegistered<AgentSessionFactory>())
        {
            services.AddOptions<OpenAgentOptions>()
                .Configure<IServiceProvider>(static (options, provider) =>
                    provider.GetService<IConfiguration>()?.GetSection(OpenAgentOptions.SectionName).Bind(options))
                .ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenAgentOptions>, OpenAgentOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenAgentOptions>, ChatClientRegistrationValidator>());

            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<PromptPresets>();
            services.TryAddSingleton<IConversationStore, InMemoryConversationStore>();
            services.TryAddSingleton(static provider => SecretRedactor.FromEnvironment(
                provider.GetRequiredService<IOptions<OpenAgentOptions>>().Value.BashSecretEnvironmentPatterns));
            services.TryAddSingleton<ISystemPromptProvider, DefaultSystemPromptProvider>();
            services.TryAddSingleton(static provider => new MemoryUpdater(
                provider.GetKeyedService<IChatClient>(OpenAgentChatClientKeys.Compaction) ?? RequireChatClient(provider),
                provider.GetRequiredService<IOptions<OpenAgentOptions>>(),
                provider.GetService<ILoggerFactory>()?.CreateLogger<MemoryUpdater>()));
            services.TryAddSingleton<CompactionStrategy>(static provider => new SummarizingCompactionStrategy(
                provider.GetKeyedService<IChatClient>(OpenAgentChatClientKeys.Compaction) ?? RequireChatClient(provider),
                provider.GetRequiredService<IOptions<OpenAgentOptions>>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetService<ILoggerFactory>()?.CreateLogger<SummarizingCompactionStrategy>()));
            services.TryAddSingleton(static provider => new AgentLoop(
                RequireChatClient(provider),
                provider.GetRequiredService<IOptions<OpenAgentOptions>>(),
                provider.GetRequiredService<ISystemPromptProvider>(),
                provider.GetRequiredService<CompactionStrategy>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
            services.TryAddSingleton(static provider => new AgentSessionFactory(
                provider.GetRequiredService<IServiceScopeFactory>(),
                provider.GetRequiredService<AgentLoop>(),
                provider.GetRequiredService<IOptions<OpenAgentOptions>>(),
                provider.GetService<IToolApprover>()));

            services.TryAddScoped<AgentSessionHolder>();
            services.TryAddScoped(static provider => provider.GetRequiredService<AgentSessionHolder>().Session
                ?? throw new InvalidOperationException("AgentSession can only be resolved from a session's own services (AgentSession.Services)."));

            AddBuiltInTools(services);
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new OpenAgentBuilder(services);
    }

    private static void AddBuiltInTools(IServiceCollection services)
    {
        // Built-in tools, in the seed's registration order.
        services.TryAddSingleton<ShellCommandRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, BashTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, ReadFileTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, WriteFileTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, EditFileTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, TodoWriteTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, TodoAddTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, TodoCompleteTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, TodoListTool>());
        services.TryAddSingleton(static provider => new SkillLibrary(
            provider.GetRequiredService<IOptions<OpenAgentOptions>>(), provider.GetService<ILogger<SkillLibrary>>(), provider.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, ListSkillsTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, ReadSkillTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, ThinkTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, CompactTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, EnterPlanModeTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, ExitPlanModeTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, TaskCreateTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, TaskGetTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, TaskUpdateTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, TaskListTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, BackgroundRunTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, CheckBackgroundTool>());
        services.TryAddScoped(static provider => new BackgroundJobs(
            provider.GetRequiredService<ShellCommandRunner>(),
            provider.GetRequiredService<IOptions<OpenAgentOptions>>(),
            provider.GetRequiredService<AgentSession>().WorkspacePath));
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IAgentTurnHook, BackgroundResultsHook>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, SpawnTeammateTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, ListTeammatesTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, LeadSendMessageTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, ReadInboxTool>(static _ => new ReadInboxTool()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, BroadcastTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, ShutdownRequestTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, CheckProtocolTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, PlanReviewTool>());
        services.TryAddScoped(static provider => new TeamManager(
            provider.GetRequiredService<AgentSession>(),
            provider.GetRequiredService<IOptions<OpenAgentOptions>>(),
            provider.GetRequiredService<CompactionStrategy>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IAgentTurnHook, LeadInboxHook>());
        services.TryAddSingleton<SubAgentRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolHandler, SubAgentTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISystemPromptContributor, SkillsSection>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISystemPromptContributor, SubAgentTypesSection>());
        services.TryAddSingleton(static provider => new McpClientManager(
            provider.GetRequiredService<IOptions<OpenAgentOptions>>(),
            provider.GetService<IConfiguration>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolSource, McpClientManager>(static provider => provider.GetRequiredService<McpClientManager>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISystemPromptContributor, McpToolsSection>());
        services.TryAddScoped<TodoList>();
        services.TryAddScoped(static provider => new TaskBoard(
            provider.GetRequiredService<AgentSession>().WorkspacePath,
            provider.GetService<ILoggerFactory>()?.CreateLogger<TaskBoard>()));
    }

    private static IChatClient RequireChatClient(IServiceProvider provider) =>
        provider.GetService<IChatClient>() ?? throw new InvalidOperationException(
            "OpenAgent needs a model: no IChatClient is registered. Register one with services.AddChatClient(...).");

    private static bool IsAlreadyRegistered<T>(this IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(T))
            {
                return true;
            }
        }

        return false;
    }
}
