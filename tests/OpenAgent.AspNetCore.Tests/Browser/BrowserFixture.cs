using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.AspNetCore.Tests.Browser;

/// <summary>One headless Chromium (Debian's /usr/bin/chromium) for the browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // CI runs the test projects side by side on two cores: give the page time rather than fail on a slow moment.
        Assertions.SetDefaultExpectTimeout(20_000);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("OPENAGENT_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        Playwright.Dispose();
    }
}

[CollectionDefinition(nameof(BrowserCollection))]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;

/// <summary>samples/WebHost on real Kestrel (WebApplicationFactory.UseKestrel) with a scripted model and temp folders.</summary>
public sealed class PageHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public PageHost(ScriptedChatClient model, string? apiKey = null)
    {
        Folder = Directory.CreateTempSubdirectory("openagent-page-").FullName;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("urls", "http://127.0.0.1:0");
            b.UseSetting("OpenAgent:WorkspaceDir", Path.Combine(Folder, "workspaces"));
            b.UseSetting("OpenAgent:Store:ConnectionString", $"Data Source={Path.Combine(Folder, "page.db")};Pooling=False");
            b.UseSetting("OpenAgent:EnableMemory", "false");
            if (apiKey is not null)
            {
                b.UseSetting("OpenAgent:Web:ApiKey", apiKey);
            }

            b.ConfigureServices(s => s.AddChatClient(model));
        });
        _factory.UseKestrel();
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
    }

    public string Folder { get; }

    public string BaseUrl { get; }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still being released by the host: the temp folder is left for the OS to clean.
        }
    }
}
