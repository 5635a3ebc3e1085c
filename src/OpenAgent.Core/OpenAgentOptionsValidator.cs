using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Shell;

namespace OpenAgent.Core;

/// <summary>
/// Checks <see cref="OpenAgentOptions"/> at start-up; each failure names the setting and the bad value.
/// </summary>
internal sealed class OpenAgentOptionsValidator(Func<string?>? locateBubblewrap = null) : IValidateOptions<OpenAgentOptions>
{
    private readonly Func<string?> _locateBubblewrap = locateBubblewrap ?? Bubblewrap.FindExecutable;

    private static readonly TimeSpan LongestDuration = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, OpenAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        AtLeast(failures, nameof(options.MaxTurns), options.MaxTurns, 1);
        AtLeast(failures, nameof(options.MaxTokenBudget), options.MaxTokenBudget, 1);
        AtLeast(failures, nameof(options.MaxOutputTokens), options.MaxOutputTokens, 1);
        AtLeast(failures, nameof(options.ContextWindow), options.ContextWindow, 1);
        AtLeast(failures, nameof(options.MaxTeammates), options.MaxTeammates, 0);
        AtLeast(failures, nameof(options.LlmMaxRetries), options.LlmMaxRetries, 0);

        if (options.CompactThreshold is <= 0 or > 1 || double.IsNaN(options.CompactThreshold))
        {
            failures.Add(Fail(nameof(options.CompactThreshold), options.CompactThreshold, "must be greater than 0 and at most 1"));
        }

        Temperature(failures, nameof(options.Temperature), options.Temperature);
        Temperature(failures, nameof(options.SubagentTemperature), options.SubagentTemperature);
        Temperature(failures, nameof(options.TeammateTemperature), options.TeammateTemperature);
        Temperature(failures, nameof(options.CompactTemperature), options.CompactTemperature);

        Positive(failures, nameof(options.BashTimeout), options.BashTimeout);
        Positive(failures, nameof(options.BackgroundTimeout), options.BackgroundTimeout);
        Positive(failures, nameof(options.ApprovalTimeout), options.ApprovalTimeout);
        Positive(failures, nameof(options.McpConnectTimeout), options.McpConnectTimeout);
        Positive(failures, nameof(options.TeammatePollInterval), options.TeammatePollInterval);
        Positive(failures, nameof(options.TeammateIdleTimeout), options.TeammateIdleTimeout);
        Positive(failures, nameof(options.TeamShutdownTimeout), options.TeamShutdownTimeout);
        Positive(failures, nameof(options.McpCallTimeout), options.McpCallTimeout);
        Positive(failures, nameof(options.McpRetryInterval), options.McpRetryInterval);
        NotNegative(failures, nameof(options.WorkspaceCleanupDelay), options.WorkspaceCleanupDelay);
        NotNegative(failures, nameof(options.LlmRetryBaseDelay), options.LlmRetryBaseDelay);
        NotNegative(failures, nameof(options.LlmRetryMaxDelay), options.LlmRetryMaxDelay);
        if (options.LlmRetryMaxDelay < options.LlmRetryBaseDelay)
        {
            failures.Add(Fail(nameof(options.LlmRetryMaxDelay), options.LlmRetryMaxDelay, $"must not be shorter than LlmRetryBaseDelay ({options.LlmRetryBaseDelay})"));
        }

        NotBlank(failures, nameof(options.WorkspaceDir), options.WorkspaceDir);
        NotBlank(failures, nameof(options.TranscriptDir), options.TranscriptDir);
        NotBlank(failures, nameof(options.DefaultPreset), options.DefaultPreset);
        for (var i = 0; i < options.AllowedCommands.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.AllowedCommands[i]))
            {
                failures.Add($"{OpenAgentOptions.SectionName}:{nameof(options.AllowedCommands)}:{i} is empty; list program names such as 'ls' or 'git'.");
            }
        }

        if (options.BashSandbox == ShellSandbox.Bubblewrap && _locateBubblewrap() is null)
        {
            failures.Add($"{OpenAgentOptions.SectionName}:{nameof(options.BashSandbox)} is Bubblewrap, but 'bwrap' was not found on the PATH; install the bubblewrap package (for example: apt-get install bubblewrap).");
        }

        if (!Enum.IsDefined(options.BashSandbox))
        {
            failures.Add(Fail(nameof(options.BashSandbox), options.BashSandbox, "must be None or Bubblewrap"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Fail(string setting, object value, string rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{OpenAgentOptions.SectionName}:{setting} {rule} (was {value}).");

    private static void AtLeast(List<string> failures, string setting, long value, long minimum)
    {
        if (value < minimum)
        {
            failures.Add(Fail(setting, value, $"must be at least {minimum}"));
        }
    }

    private static void Temperature(List<string> failures, string setting, float value)
    {
        if (value is < 0 or > 2 || float.IsNaN(value))
        {
            failures.Add(Fail(setting, value, "must be between 0 and 2"));
        }
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add(Fail(setting, value, "must be longer than zero"));
        }
        else
        {
            AtMostADay(failures, setting, value);
        }
    }

    private static void NotNegative(List<string> failures, string setting, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            failures.Add(Fail(setting, value, "must not be negative"));
        }
        else
        {
            AtMostADay(failures, setting, value);
        }
    }

    // A bare number in configuration ("60") binds as 60 *days*; catch that mistake with a hint rather than waiting two months.
    private static void AtMostADay(List<string> failures, string setting, TimeSpan value)
    {
        if (value > LongestDuration)
        {
            failures.Add(Fail(setting, value, "must be at most one day; write durations as hh:mm:ss, for example 00:01:00 for 60 seconds"));
        }
    }

    private static void NotBlank(List<string> failures, string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{OpenAgentOptions.SectionName}:{setting} must not be empty.");
        }
    }
}
