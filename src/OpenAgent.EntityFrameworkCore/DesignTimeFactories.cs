using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OpenAgent.EntityFrameworkCore;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite context.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteOpenAgentDbContext>
{
    public SqliteOpenAgentDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteOpenAgentDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL context (no server is contacted).</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresOpenAgentDbContext>
{
    public PostgresOpenAgentDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresOpenAgentDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
