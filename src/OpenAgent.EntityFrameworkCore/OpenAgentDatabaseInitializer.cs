using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenAgent.EntityFrameworkCore;

/// <summary>Creates and migrates the conversations database when the host starts.</summary>
internal sealed partial class OpenAgentDatabaseInitializer<TContext>(IDbContextFactory<TContext> contexts, ILogger<OpenAgentDatabaseInitializer<TContext>> logger)
    : IHostedService
    where TContext : OpenAgentDbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToArray();
        if (pending.Length > 0)
        {
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            var applied = string.Join(", ", pending);
            LogMigrated(logger, typeof(TContext).Name, applied);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Conversations database ({Context}) migrated: {Migrations}.")]
    private static partial void LogMigrated(ILogger logger, string context, string migrations);
}
