using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.LoadTest;

/// <summary>This program started again in server mode, in a process of its own, so its memory is the host's alone.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    // Every round's folder stays until the last round is over: deleting thousands of files frees their inodes, and on a
    // file system that keeps freed inodes aside for a while (ext4 without a journal, as on the development VM) creating
    // files right after costs more, which would slow the next round down for a reason that is not the SDK's.
    private static readonly List<string> Folders = [];

    private readonly Process _process;
    private readonly HttpClient _http;

    private ServerProcess(Process process, Uri baseUri, string folder)
    {
        _process = process;
        BaseUri = baseUri;
        Folders.Add(folder);
        _http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri BaseUri { get; }

    public static async Task<ServerProcess> StartAsync(TimeSpan latency, int turns, string store, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        }

        info.ArgumentList.Add("server");
        info.ArgumentList.Add("--latency");
        info.ArgumentList.Add(latency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--turns");
        info.ArgumentList.Add(turns.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--store");
        info.ArgumentList.Add(store);
        var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                var address = parts[1].Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
                return new ServerProcess(process, new Uri(address), parts[3]);
            }
        }

        throw new InvalidOperationException($"The server process exited with code {process.ExitCode} before it was ready.");
    }

    public async Task<ServerStats> StatsAsync(bool collect, CancellationToken cancellationToken) =>
        (await _http.GetFromJsonAsync<ServerStats>($"/_load/stats?gc={(collect ? "true" : "false")}", cancellationToken))!;

    public async Task ReleaseAsync()
    {
        await _process.StandardInput.WriteLineAsync("release");
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _process.StandardInput.Close();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // It did not stop in time: kill it (its folder goes with the others).
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    /// <summary>Removes the folders of every server started, once all rounds are over.</summary>
    public static void RemoveFolders()
    {
        foreach (var folder in Folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        Folders.Clear();
    }
}

