using System;
using Xunit;

namespace OpenAgent.Core.Tests.DependencyInjection;

public sealed class OpenAgentOptionsValidatorTests
{
    private static string[] Failures(Action<OpenAgentOptions> change)
    {
        var options = new OpenAgentOptions();
        change(options);
        var result = new OpenAgentOptionsValidator().Validate(null, options);
        return result.Succeeded ? [] : [.. result.Failures!];
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(Failures(_ => { }));
    }

    [Theory]
    [InlineData("CompactThreshold", "OpenAgent:CompactThreshold must be greater than 0 and at most 1 (was 1.5).")]
    [InlineData("Temperature", "OpenAgent:Temperature must be between 0 and 2 (was 3).")]
    [InlineData("MaxTokenBudget", "OpenAgent:MaxTokenBudget must be at least 1 (was 0).")]
    [InlineData("ApprovalTimeout", "OpenAgent:ApprovalTimeout must be longer than zero (was 00:00:00).")]
    [InlineData("LlmRetryMaxDelay", "OpenAgent:LlmRetryMaxDelay must not be shorter than LlmRetryBaseDelay (00:00:01) (was 00:00:00.5000000).")]
    [InlineData("WorkspaceDir", "OpenAgent:WorkspaceDir must not be empty.")]
    [InlineData("AllowedCommands", "OpenAgent:AllowedCommands:1 is empty; list program names such as 'ls' or 'git'.")]
    public void Each_bad_setting_is_named_with_its_value(string setting, string expected)
    {
        var failures = Failures(o =>
        {
            switch (setting)
            {
                case "CompactThreshold": o.CompactThreshold = 1.5; break;
                case "Temperature": o.Temperature = 3; break;
                case "MaxTokenBudget": o.MaxTokenBudget = 0; break;
                case "ApprovalTimeout": o.ApprovalTimeout = TimeSpan.Zero; break;
                case "LlmRetryMaxDelay": o.LlmRetryMaxDelay = TimeSpan.FromMilliseconds(500); break;
                case "WorkspaceDir": o.WorkspaceDir = " "; break;
                case "AllowedCommands": o.AllowedCommands.Add("ls"); o.AllowedCommands.Add(""); break;
            }
        });

        Assert.Equal([expected], failures);
    }

    [Fact]
    public void All_failures_are_reported_at_once()
    {
        var failures = Failures(o =>
        {
            o.MaxTurns = 0;
            o.MaxOutputTokens = -1;
            o.ContextWindow = 0;
        });

        Assert.Equal(3, failures.Length);
    }
}
