using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Playwright;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.AspNetCore.Tests.Browser;

/// <summary>The chat page in a real headless Chromium against the real web host with a scripted model.</summary>
[Collection(nameof(BrowserCollection))]
public sealed class ChatPageTests(BrowserFixture browser)
{
    private static readonly string? ScreenshotDir = Environment.GetEnvironmentVariable("OPENAGENT_SCREENSHOTS");

    private async Task<IPage> OpenAsync(PageHost host, string path = "/")
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + path);
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("connected");
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotDir is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png") });
        }
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.FillAsync("#input", text);
        await page.PressAsync("#input", "Enter");
    }

    [Fact]
    public async Task A_message_streams_a_Markdown_reply_and_a_tool_call_expands_to_its_input_and_result()
    {
        var model = new ScriptedChatClient(
            ScriptedTurn.ToolCall("write_file", new { path = "notes/hello.py", content = "print('hello')\n" }),
            ScriptedTurn.Text("Wrote **hello.py**:\n\n", "```python\nprint('hello')\n```\n", "Run it with `python`.").WithDelay(TimeSpan.FromMilliseconds(50)));
        await using var host = new PageHost(model);
        var page = await OpenAsync(host);

        await SendAsync(page, "Write a hello script");

        var reply = page.Locator(".msg.assistant .bubble").Last;
        await Assertions.Expect(reply.Locator("strong")).ToHaveTextAsync("hello.py");
        await Assertions.Expect(reply.Locator("pre code.hljs")).ToContainTextAsync("print('hello')");
        await Assertions.Expect(page.Locator(".msg.user .bubble")).ToHaveTextAsync("Write a hello script");
        var tool = page.Locator("details.tool").First;
        await Assertions.Expect(tool.Locator("summary")).ToContainTextAsync("write_file");
        await Assertions.Expect(tool).Not.ToHaveAttributeAsync("open", "");
        await tool.Locator("summary").ClickAsync();
        await Assertions.Expect(tool.Locator("pre.result")).ToContainTextAsync("Wrote");
        await Assertions.Expect(tool.Locator("pre.input")).ToContainTextAsync("notes/hello.py");
        await Assertions.Expect(page.Locator("#usage")).ToContainTextAsync("tokens");
        await Assertions.Expect(page.Locator("#files")).ToContainTextAsync("notes/hello.py");
        await ScreenshotAsync(page, "chat");

        // The same page in dark mode: the colours follow the system setting.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(15, 17, 21)", background);
        await ScreenshotAsync(page, "chat-dark");
    }

    [Fact]
    public async Task Approval_cards_approve_one_call_and_deny_another()
    {
        var model = new ScriptedChatClient(
            ScriptedTurn.ToolCall("bash", new { command = "echo approved-by-click" }),
            ScriptedTurn.ToolCall("bash", new { command = "echo should-not-run" }),
            ScriptedTurn.Text("One ran, one was refused."));
        await using var host = new PageHost(model);
        var page = await OpenAsync(host);
        await page.ClickAsync(".new-chat summary");
        await page.CheckAsync("#opt-approval");
        await page.ClickAsync(".new-chat button.primary");
        await Assertions.Expect(page.Locator("#tg-approval")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("connected");

        await SendAsync(page, "run two commands");
        var first = page.Locator(".card.approval").First;
        await Assertions.Expect(first).ToContainTextAsync("approved-by-click");
        await ScreenshotAsync(page, "approval");
        await first.Locator("button[data-d=approve]").ClickAsync();
        var second = page.Locator(".card.approval").Nth(1);
        await Assertions.Expect(second).ToContainTextAsync("should-not-run");
        await second.Locator("button[data-d=deny]").ClickAsync();

        await Assertions.Expect(page.Locator(".msg.assistant .bubble").Last).ToHaveTextAsync("One ran, one was refused.");
        await Assertions.Expect(page.Locator("details.tool pre.result").First).ToContainTextAsync("approved-by-click", new() { UseInnerText = false });
        await Assertions.Expect(page.Locator("details.tool").Nth(1)).ToHaveAttributeAsync("data-state", "error");
        await Assertions.Expect(page.Locator(".msg.note")).ToContainTextAsync(["bash: approved", "bash: denied"]);
    }

    [Fact]
    public async Task Typing_while_the_agent_works_redirects_it_and_Stop_stops_it()
    {
        var model = new ScriptedChatClient(
            ScriptedTurn.Text("This will take forever").WithDelay(TimeSpan.FromMinutes(5)),
            ScriptedTurn.Text("Okay, the short version."),
            ScriptedTurn.Text("another long one").WithDelay(TimeSpan.FromMinutes(5)));
        await using var host = new PageHost(model);
        var page = await OpenAsync(host);

        await SendAsync(page, "write a long essay");
        await Assertions.Expect(page.Locator("#stop")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#send")).ToHaveTextAsync("Redirect");
        await SendAsync(page, "actually, keep it short");
        await Assertions.Expect(page.Locator(".msg.note")).ToContainTextAsync(["Redirected."]);
        await Assertions.Expect(page.Locator(".msg.assistant .bubble").Last).ToHaveTextAsync("Okay, the short version.");
        await Assertions.Expect(page.Locator("#stop")).ToBeHiddenAsync();

        await SendAsync(page, "and another");
        await Assertions.Expect(page.Locator("#stop")).ToBeVisibleAsync();
        await page.ClickAsync("#stop");
        await Assertions.Expect(page.Locator(".msg.note").Last).ToHaveTextAsync("Stopped.");
        await Assertions.Expect(page.Locator("#send")).ToHaveTextAsync("Send");
    }

    [Fact]
    public async Task A_file_can_be_uploaded_and_previewed_with_highlighting()
    {
        await using var host = new PageHost(new ScriptedChatClient());
        var page = await OpenAsync(host);
        var file = Path.Combine(host.Folder, "upload.cs");
        await File.WriteAllTextAsync(file, "public static class Greeter { public static string Hi() => \"hi\"; }\n", TestContext.Current.CancellationToken);

        await page.SetInputFilesAsync("#upload-input", file);
        await page.ClickAsync("#upload button");
        await page.Locator("#files button", new() { HasText = "upload.cs" }).ClickAsync();

        await Assertions.Expect(page.Locator("#preview-name")).ToContainTextAsync("upload.cs");
        await Assertions.Expect(page.Locator("#preview-code .hljs-keyword").First).ToHaveTextAsync("public");
        await ScreenshotAsync(page, "files");
    }

    [Fact]
    public async Task After_a_reload_the_conversation_is_found_again_with_its_history()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Text("Remembered: the sky is green here."));
        await using var host = new PageHost(model);
        var page = await OpenAsync(host);
        await SendAsync(page, "Remember that the sky is green");
        await Assertions.Expect(page.Locator(".msg.assistant .bubble").Last).ToHaveTextAsync("Remembered: the sky is green here.");
        var url = page.Url;

        await page.ReloadAsync();

        Assert.Matches(new Regex("#[0-9a-f]{12}$"), url);
        Assert.Equal(url, page.Url);
        await Assertions.Expect(page.Locator(".msg.user .bubble")).ToHaveTextAsync("Remember that the sky is green");
        await Assertions.Expect(page.Locator(".msg.assistant .bubble")).ToHaveTextAsync("Remembered: the sky is green here.");
        await Assertions.Expect(page.Locator(".conversations li.active a")).ToHaveTextAsync("Remember that the sky is green");
    }

    [Fact]
    public async Task A_host_with_an_API_key_asks_for_it_and_a_second_tab_reconnects_when_the_first_leaves()
    {
        var model = new ScriptedChatClient(ScriptedTurn.Text("Authorised and connected."));
        await using var host = new PageHost(model, apiKey: "page-test-key-123");
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/");

        await Assertions.Expect(page.Locator("#key-input")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("key needed");
        await page.FillAsync("#key-input", "page-test-key-123");
        await page.PressAsync("#key-input", "Enter");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("connected");
        await SendAsync(page, "hello");
        await Assertions.Expect(page.Locator(".msg.assistant .bubble").Last).ToHaveTextAsync("Authorised and connected.");

        // A second tab on the same conversation waits (one socket per conversation) and connects when the first closes.
        var second = await context.NewPageAsync();
        await second.GotoAsync(page.Url);
        await second.FillAsync("#key-input", "page-test-key-123");
        await second.PressAsync("#key-input", "Enter");
        await Assertions.Expect(second.Locator("#banner")).ToContainTextAsync("open in another tab");
        await ScreenshotAsync(second, "reconnecting");
        await page.CloseAsync();
        await Assertions.Expect(second.Locator("#status")).ToHaveTextAsync("connected", new() { Timeout = 20_000 });
        await Assertions.Expect(second.Locator(".msg.assistant .bubble")).ToHaveTextAsync("Authorised and connected.");
        await Assertions.Expect(second.Locator("#banner")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_plan_card_approves_the_plan_a_model_error_is_shown_and_a_conversation_can_be_deleted()
    {
        var model = new ScriptedChatClient(
            ScriptedTurn.Text("# Plan\n1. Read the code\n2. Fix the bug").WithToolCall("exit_plan_mode", new { plan = "# Plan\n1. Read the code\n2. Fix the bug" }),
            ScriptedTurn.Text("Carrying out step 1."),
            ScriptedTurn.Throw(new InvalidOperationException("the provider is overloaded")));
        await using var host = new PageHost(model);
        var page = await OpenAsync(host);
        await page.ClickAsync(".new-chat summary");
        await page.CheckAsync("#opt-plan");
        await page.ClickAsync(".new-chat button.primary");
        await Assertions.Expect(page.Locator("#tg-plan")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("connected");

        await SendAsync(page, "fix the bug");
        var card = page.Locator(".card.plan");
        await Assertions.Expect(card.Locator("li").Nth(1)).ToHaveTextAsync("Fix the bug");
        await ScreenshotAsync(page, "plan");
        await card.Locator("button[data-d=approve]").ClickAsync();
        await Assertions.Expect(page.Locator(".msg.assistant .bubble").Last).ToHaveTextAsync("Carrying out step 1.");
        await Assertions.Expect(page.Locator("#tg-plan")).Not.ToBeCheckedAsync();

        await SendAsync(page, "next step");
        await Assertions.Expect(page.Locator(".msg.error .bubble")).ToContainTextAsync("the provider is overloaded");
        await Assertions.Expect(page.Locator("#send")).ToHaveTextAsync("Send");

        var conversations = page.Locator(".conversations li");
        var before = await conversations.CountAsync();
        await page.Locator(".conversations li.active button").ClickAsync(new() { Force = true });
        await Assertions.Expect(conversations).ToHaveCountAsync(before);
        await Assertions.Expect(page.Locator(".conversations li", new() { HasText = "fix the bug" })).ToHaveCountAsync(0);
    }
}
