using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Llm;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Llm;

public sealed class AgentRetryChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequestException Http(HttpStatusCode status) => new($"HTTP {(int)status}", null, status);

    private static (ScriptedChatClient Inner, AgentRetryChatClient Retry, TimerCountingTimeProvider Time) Create(params ScriptedTurn[] turns)
    {
        var time = new TimerCountingTimeProvider();
        var inner = new ScriptedChatClient(turns);
        var retry = new AgentRetryChatClient(inner, time) { Jitter = () => 0.5 };
        return (inner, retry, time);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData((HttpStatusCode)529)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task A_transient_failure_is_retried_after_the_backoff(HttpStatusCode status)
    {
        var (inner, retry, time) = Create(ScriptedTurn.Throw(Http(status)), ScriptedTurn.Text("ok"));

        var call = retry.GetResponseAsync("hi", cancellationToken: Ct);
        await TestHelpers.WaitUntilAsync(() => time.Timers == 1, Ct);
        time.Advance(TimeSpan.FromSeconds(1.4));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal("ok", (await call.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Text);
        Assert.Equal(2, inner.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_permanent_failure_is_not_retried(HttpStatusCode status)
    {
        var (inner, retry, _) = Create(ScriptedTurn.Throw(Http(status)), ScriptedTurn.Text("never"));

        await Assert.ThrowsAsync<HttpRequestException>(() => retry.GetResponseAsync("hi", cancellationToken: Ct));

        Assert.Single(inner.Requests);
    }

    [Fact]
    public async Task The_delay_doubles_up_to_the_maximum_and_then_the_failure_surfaces()
    {
        var (inner, retry, time) = Create(Enumerable.Range(0, 4).Select(_ => ScriptedTurn.Throw(new IOException("reset"))).ToArray());
        retry.MaxDelay = TimeSpan.FromSeconds(3);

        var call = retry.GetResponseAsync("hi", cancellationToken: Ct);
        foreach (var (expectedCalls, wait) in new[] { (1, 1.5), (2, 2.5), (3, 3.0) })
        {
            await TestHelpers.WaitUntilAsync(() => time.Timers == expectedCalls, Ct);
            time.Advance(TimeSpan.FromSeconds(wait - 0.01));
            Assert.Equal(expectedCalls, inner.Requests.Count);
            time.Advance(TimeSpan.FromSeconds(0.01));
        }

        await Assert.ThrowsAsync<IOException>(() => call.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal(4, inner.Requests.Count);
    }

    [Fact]
    public async Task Retry_After_from_the_server_is_honoured()
    {
        var limited = Http(HttpStatusCode.TooManyRequests);
        limited.Data["Retry-After"] = "5";
        var (inner, retry, time) = Create(ScriptedTurn.Throw(limited), ScriptedTurn.Text("ok"));

        var call = retry.GetResponseAsync("hi", cancellationToken: Ct);
        await TestHelpers.WaitUntilAsync(() => time.Timers == 1, Ct);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal("ok", (await call.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Text);
    }

    [Fact]
    public async Task Provider_exceptions_with_a_status_property_are_understood()
    {
        Assert.True(AgentRetryChatClient.IsTransient(new ProviderException(503), Ct));
        Assert.False(AgentRetryChatClient.IsTransient(new ProviderException(400), Ct));
        Assert.True(AgentRetryChatClient.IsTransient(new HttpRequestException("connection refused"), Ct));
        Assert.True(AgentRetryChatClient.IsTransient(new TaskCanceledException("HttpClient.Timeout"), Ct));
        Assert.False(AgentRetryChatClient.IsTransient(new InvalidOperationException("bug"), Ct));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.False(AgentRetryChatClient.IsTransient(new OperationCanceledException(cancelled.Token), cancelled.Token));
    }

    [Fact]
    public async Task A_stream_is_retried_before_its_first_update_but_never_after()
    {
        var (inner, retry, time) = Create(
            ScriptedTurn.Throw(Http(HttpStatusCode.BadGateway)),
            ScriptedTurn.Text("part one ").ThenThrow(new IOException("stream dropped")));

        var seen = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var update in retry.GetStreamingResponseAsync("hi", cancellationToken: Ct))
            {
                seen.Add(update.Text);
            }
        }, Ct);
        await TestHelpers.WaitUntilAsync(() => time.Timers == 1, Ct);
        time.Advance(TimeSpan.FromSeconds(1.5));

        await Assert.ThrowsAsync<IOException>(() => reading.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal(["part one "], seen);
        Assert.Equal(2, inner.Requests.Count);
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_at_once()
    {
        var (inner, retry, _) = Create(ScriptedTurn.Throw(Http(HttpStatusCode.ServiceUnavailable)), ScriptedTurn.Text("never"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = retry.GetResponseAsync("hi", cancellationToken: cts.Token);
        await TestHelpers.WaitUntilAsync(() => inner.Requests.Count == 1, Ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Single(inner.Requests);
    }

    [Fact]
    public async Task In_a_pipeline_the_agent_rides_out_a_transient_failure_with_the_configured_delays()
    {
        using var workspace = new TempWorkspace();
        var model = new ScriptedChatClient(ScriptedTurn.Throw(Http(HttpStatusCode.ServiceUnavailable)), ScriptedTurn.Text("recovered"));
        var services = new ServiceCollection();
        services.AddChatClient(model).UseAgentRetry(r => r.Jitter = () => 0);
        services.AddOpenAgent(o =>
        {
            o.WorkspaceDir = workspace.Path;
            o.LlmRetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.LlmRetryMaxDelay = TimeSpan.FromMilliseconds(20);
        });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<AgentSessionFactory>();
        await using var session = factory.CreateSession();
        var sink = new RecordingSink();

        var result = await session.RunAsync("hello", sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal("recovered", sink.Text);
        Assert.Equal(2, model.Requests.Count);
        Assert.Empty(sink.OfType<ErrorEvent>());
    }

    private sealed class ProviderException(int status) : Exception("provider error")
    {
        public int Status { get; } = status;
    }
}
