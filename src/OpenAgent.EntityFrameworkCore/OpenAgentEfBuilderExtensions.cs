using System;
using System.IO;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenAgent.Core.Conversations;
using OpenAgent.Core.DependencyInjection;
using OpenAgent.EntityFrameworkCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Stores conversations in a database.
/// </summary>
public static class OpenAgentEfBuilderExtensions
{
    /// <summary>
    /// Replaces the in-memory conversation store with EF Core: SQLite by default (a file <c>openagent.db</c> in the content
    /// root), or PostgreSQL, from the <c>OpenAgent:Store</c> section (<c>Provider</c>, <c>ConnectionString</c>) or
    /// <paramref name="configure"/>. The database is created and migrated when the host starts.
    /// </summary>
    /// <param name="builder">The OpenAgent builder.</param>
    /// <param name="configure">Changes to the options, applied after configuration.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The provider is neither sqlite nor postgresql.</exception>
    public static IOpenAgentBuilder AddEntityFrameworkStore(this IOpenAgentBuilder builder, Action<OpenAgentStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // The provider decides the context type (and so its migrations): the options are read when services are registered.
        var options = new OpenAgentStoreOptions();
        configure?.Invoke(options);
        var connection = options.ConnectionString is { Length: > 0 } given ? given : null;
        services.RemoveAll<IConversationStore>();
        switch (options.Provider.Trim().ToLowerInvariant())
        {
            case "sqlite":
                services.AddPooledDbContextFactory<SqliteOpenAgentDbContext>((sp, db) =>
                    db.UseSqlite(connection ?? $"Data Source={Path.Combine(ContentRoot(sp), "openagent.db")}"));
                Register<SqliteOpenAgentDbContext>(services, options.MigrateOnStart);
                break;
            case "postgresql" or "postgres" or "npgsql":
                services.AddPooledDbContextFactory<PostgresOpenAgentDbContext>((_, db) =>
                    db.UseNpgsql(connection ?? throw new InvalidOperationException(
                        "The postgresql store needs OpenAgent:Store:ConnectionString, e.g. Host=localhost;Database=openagent;Username=...;Password=...")));
                Register<PostgresOpenAgentDbContext>(services, options.MigrateOnStart);
                break;
            default:
                throw new InvalidOperationException($"Unknown conversation store provider '{options.Provider}': use sqlite or postgresql.");
        }

        return builder;
    }

    /// <summary>
    /// Like <see cref="AddEntityFrameworkStore(IOpenAgentBuilder, Action{OpenAgentStoreOptions})"/>, with the provider and
    /// connection string read from <paramref name="configuration"/>'s <c>OpenAgent:Store</c> section.
    /// </summary>
    /// <param name="builder">The OpenAgent builder.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The builder.</returns>
    public static IOpenAgentBuilder AddEntityFrameworkStore(this IOpenAgentBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(OpenAgentStoreOptions.SectionName);
        return builder.AddEntityFrameworkStore(o => section.Bind(o));
    }

    private static void Register<TContext>(IServiceCollection services, bool migrate)
        where TContext : OpenAgentDbContext
    {
        services.AddSingleton<IConversationStore, EfConversationStore<TContext>>();
        if (migrate)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OpenAgentDatabaseInitializer<TContext>>());
        }
    }

    private static string ContentRoot(IServiceProvider services) =>
        services.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
}
