using System;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OpenAgent.EntityFrameworkCore.Tests;

/// <summary>
/// The PostgreSQL server the tests use: <c>OPENAGENT_TEST_POSTGRES</c> (a connection string without a database), by
/// default the role .ci/run creates on the local server. Each test class gets a database of its own.
/// </summary>
public static class PostgresServer
{
    public static string ServerConnection =>
        Environment.GetEnvironmentVariable("OPENAGENT_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=openagent;Password=openagent";

    public static string NewDatabase() =>
        new NpgsqlConnectionStringBuilder(ServerConnection) { Database = "openagent_test_" + Guid.NewGuid().ToString("N")[..12], Pooling = false }.ConnectionString;

    public static async Task DropAsync(string connection)
    {
        var options = new DbContextOptionsBuilder<PostgresOpenAgentDbContext>().UseNpgsql(connection).Options;
        await using var db = new PostgresOpenAgentDbContext(options);
        await db.Database.EnsureDeletedAsync();
    }
}
