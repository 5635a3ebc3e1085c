using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenAgent.AspNetCore;

/// <summary>
/// Without an API key the agent (which runs shell commands) must not be reachable from other machines: the host fails to
/// start when it listens on anything but loopback, and says which addresses it serves.
/// </summary>
internal sealed partial class LoopbackGuard(IServer server, IOptions<OpenAgentWebOptions> options, IHostApplicationLifetime lifetime, ILogger<LoopbackGuard> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(options.Value.ApiKey))
        {
            return Task.CompletedTask;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        var exposedText = string.Join(", ", exposed);
        if (exposed.Count > 0)
        {
            LogExposed(logger, exposedText);
            lifetime.StopApplication();
            throw new InvalidOperationException(
                $"No API key is configured (OpenAgent:Web:ApiKey), but the host listens on {string.Join(", ", exposed)}. " +
                "Without a key the agent may only listen on loopback (127.0.0.1, ::1, localhost): set a key, or change the URLs.");
        }

        var servedText = string.Join(", ", addresses);
        LogLoopbackOnly(logger, servedText);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "No API key is configured: serving on loopback only ({Addresses}). Set OpenAgent:Web:ApiKey to serve other machines.")]
    private static partial void LogLoopbackOnly(ILogger logger, string addresses);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Critical, Message = "Refusing to serve {Addresses} without an API key.")]
    private static partial void LogExposed(ILogger logger, string addresses);
}
