using Microsoft.EntityFrameworkCore;

namespace OpenAgent.EntityFrameworkCore;

/// <summary>The conversations database. Use <see cref="SqliteOpenAgentDbContext"/> or <see cref="PostgresOpenAgentDbContext"/>,
/// which carry their provider's migrations.</summary>
public abstract class OpenAgentDbContext : DbContext
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The context options.</param>
    protected OpenAgentDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>Gets the conversations.</summary>
    public DbSet<ConversationEntity> Conversations => Set<ConversationEntity>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        System.ArgumentNullException.ThrowIfNull(modelBuilder);
        var conversation = modelBuilder.Entity<ConversationEntity>();
        conversation.ToTable("conversations");
        conversation.HasKey(c => c.Id);
        conversation.Property(c => c.Id).HasColumnName("id").HasMaxLength(64);
        conversation.Property(c => c.Title).HasColumnName("title").HasMaxLength(200);
        conversation.Property(c => c.CreatedAt).HasColumnName("created_at");
        conversation.Property(c => c.UpdatedAt).HasColumnName("updated_at");
        conversation.Property(c => c.MessageCount).HasColumnName("message_count");
        conversation.Property(c => c.InputTokens).HasColumnName("input_tokens");
        conversation.Property(c => c.OutputTokens).HasColumnName("output_tokens");
        conversation.Property(c => c.State).HasColumnName("state");
        conversation.HasIndex(c => c.CreatedAt);
    }
}

/// <summary>The conversations database on SQLite.</summary>
/// <param name="options">The context options.</param>
public sealed class SqliteOpenAgentDbContext(DbContextOptions<SqliteOpenAgentDbContext> options) : OpenAgentDbContext(options);

/// <summary>The conversations database on PostgreSQL.</summary>
/// <param name="options">The context options.</param>
public sealed class PostgresOpenAgentDbContext(DbContextOptions<PostgresOpenAgentDbContext> options) : OpenAgentDbContext(options);
