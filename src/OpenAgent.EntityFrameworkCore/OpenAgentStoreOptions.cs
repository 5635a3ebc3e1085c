namespace OpenAgent.EntityFrameworkCore;

/// <summary>Where conversations are stored, bound from the <c>OpenAgent:Store</c> configuration section.</summary>
public sealed class OpenAgentStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "OpenAgent:Store";

    /// <summary>Gets or sets the database: <c>sqlite</c> (default) or <c>postgresql</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Gets or sets the connection string. Default for SQLite: <c>Data Source=openagent.db</c> in the app's content
    /// root (the folder it runs from).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets a value indicating whether the database is created and migrated when the host starts. Default true.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
