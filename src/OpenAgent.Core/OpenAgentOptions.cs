using System;
using System.Collections.Generic;
using OpenAgent.Core.Shell;

namespace OpenAgent.Core;

/// <summary>
/// Settings of OpenAgent.Core, bound from the <c>OpenAgent</c> configuration section (for example
/// <c>OpenAgent__MaxTurns=20</c> in the environment) and validated at start-up.
/// </summary>
/// <remarks>
/// Every setting of openagent-core's configuration has a property here with the same default. Durations are
/// <see cref="TimeSpan"/>s, written <c>hh:mm:ss</c> in configuration (<c>00:01:00</c> is 60 seconds).
/// Provider settings (which model service, keys, endpoints) belong to the host: the SDK takes its model from the
/// <c>IChatClient</c> registered in dependency injection.
/// </remarks>
public sealed class OpenAgentOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "OpenAgent";

    /// <summary>Gets or sets the model id sent with each request (<c>ChatOptions.ModelId</c>). Default <see langword="null"/>:
    /// the registered <c>IChatClient</c>'s own model is used.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the model id for sub-agents. Default <see langword="null"/> (same as <see cref="ModelId"/>).</summary>
    public string? SubagentModelId { get; set; }

    /// <summary>Gets or sets the model id for teammates. Default <see langword="null"/> (same as <see cref="ModelId"/>).</summary>
    public string? TeammateModelId { get; set; }

    /// <summary>Gets or sets the model id for compaction summaries. Default <see langword="null"/> (same as <see cref="ModelId"/>).</summary>
    public string? CompactModelId { get; set; }

    /// <summary>Gets or sets the sampling temperature of the main agent. Default 1.0.</summary>
    public float Temperature { get; set; } = 1.0f;

    /// <summary>Gets or sets the sampling temperature of sub-agents. Default 0.5.</summary>
    public float SubagentTemperature { get; set; } = 0.5f;

    /// <summary>Gets or sets the sampling temperature of teammates. Default 0.7.</summary>
    public float TeammateTemperature { get; set; } = 0.7f;

    /// <summary>Gets or sets the sampling temperature of compaction summaries. Default 0.2.</summary>
    public float CompactTemperature { get; set; } = 0.2f;

    /// <summary>Gets or sets the most model calls one run makes before it stops (a final summary call may follow). Default 50.</summary>
    public int MaxTurns { get; set; } = 50;

    /// <summary>Gets or sets the most tokens (input + output, summed over its calls) one run may use. Default 200,000.</summary>
    public long MaxTokenBudget { get; set; } = 200_000;

    /// <summary>Gets or sets the output token limit of each model call. Default 16,384.</summary>
    public int MaxOutputTokens { get; set; } = 16_384;

    /// <summary>Gets or sets the model's context window, in tokens. Default 200,000.</summary>
    public int ContextWindow { get; set; } = 200_000;

    /// <summary>Gets or sets the fraction of <see cref="ContextWindow"/> above which the conversation is compacted. Default 0.7.</summary>
    public double CompactThreshold { get; set; } = 0.7;

    /// <summary>Gets or sets the folder of user skills. Default <c>skills</c>.</summary>
    public string SkillsDir { get; set; } = "skills";

    /// <summary>Gets or sets the folder of custom prompt presets. Default <c>prompts</c>.</summary>
    public string PromptsDir { get; set; } = "prompts";

    /// <summary>Gets or sets the folder the agent works in (relative paths are resolved against the current directory). Default <c>workspace</c>.</summary>
    public string WorkspaceDir { get; set; } = "workspace";

    /// <summary>Gets or sets the workspace folder where transcripts are saved before compaction. Default <c>.transcripts</c>.</summary>
    public string TranscriptDir { get; set; } = ".transcripts";

    /// <summary>Gets or sets the prompt preset of new sessions. Default <c>coding</c>.</summary>
    public string DefaultPreset { get; set; } = "coding";

    /// <summary>Gets or sets how long a shell command may run. Default 60 seconds.</summary>
    public TimeSpan BashTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long a background job may run. Default 300 seconds.</summary>
    public TimeSpan BackgroundTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Gets the programs the shell tool may run; empty (the default) allows all.</summary>
    public IList<string> AllowedCommands { get; } = [];

    /// <summary>Gets or sets how shell commands are isolated. Default <see cref="ShellSandbox.None"/>; with
    /// <see cref="ShellSandbox.Bubblewrap"/>, start-up fails if <c>bwrap</c> is not on the PATH.</summary>
    public ShellSandbox BashSandbox { get; set; }

    /// <summary>
    /// Gets the patterns (<c>*</c> and <c>?</c> wildcards, case-insensitive) of environment variables removed before a
    /// shell command starts, so API keys and tokens of the host never reach commands the model writes.
    /// Default: <c>*KEY*</c>, <c>*TOKEN*</c>, <c>*SECRET*</c>, <c>*PASSWORD*</c>, <c>*PASSWD*</c>, <c>*CREDENTIAL*</c>,
    /// <c>*AUTH*</c>, <c>*CONNECTIONSTRING*</c>, <c>AWS_*</c>, <c>AZURE_*</c>.
    /// </summary>
    public IList<string> BashSecretEnvironmentPatterns { get; } =
        ["*KEY*", "*TOKEN*", "*SECRET*", "*PASSWORD*", "*PASSWD*", "*CREDENTIAL*", "*AUTH*", "*CONNECTIONSTRING*", "AWS_*", "AZURE_*"];

    /// <summary>Gets or sets the most teammates a session may have at once (working or idle). Default 5.</summary>
    public int MaxTeammates { get; set; } = 5;

    /// <summary>Gets or sets how often an idle teammate checks its inbox and the task board. Default 5 seconds.</summary>
    public TimeSpan TeammatePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long a teammate stays idle, with no mail and no task to claim, before it shuts down. Default 60 seconds.</summary>
    public TimeSpan TeammateIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long ending a session waits for its teammates to stop. Default 5 seconds.</summary>
    public TimeSpan TeamShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long after a disconnect a conversation's workspace is cleaned. Default 300 seconds.</summary>
    public TimeSpan WorkspaceCleanupDelay { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Gets or sets how often a failed model call is retried (so 3 means up to 4 attempts). Default 3.</summary>
    public int LlmMaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the first retry delay, doubled on each retry. Default 1 second.</summary>
    public TimeSpan LlmRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest retry delay. Default 30 seconds.</summary>
    public TimeSpan LlmRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the MCP servers file (the <c>{"servers": {...}}</c> format, or the common <c>{"mcpServers": {...}}</c>).
    /// Default <c>mcp_servers.json</c>; a missing file means no servers from a file. Servers can also be configured in the
    /// <c>OpenAgent:Mcp:Servers</c> section.
    /// </summary>
    public string McpServersFile { get; set; } = "mcp_servers.json";

    /// <summary>Gets or sets how long an MCP server may take to start and list its tools before it is skipped. Default 30 seconds.</summary>
    public TimeSpan McpConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long one MCP tool call may take before it fails with an error the model reads. Default 120 seconds.</summary>
    public TimeSpan McpCallTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets or sets how long after a server failed to start it is tried again, for a new session. Default 30 seconds.</summary>
    public TimeSpan McpRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets a value indicating whether cross-session memory is read and saved. Default <see langword="true"/>.</summary>
    public bool EnableMemory { get; set; } = true;

    /// <summary>Gets or sets how long a tool call waits for the user's approval before the run ends with an error. Default 300 seconds.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Gets or sets a value indicating whether prompts, tool inputs and tool outputs may be logged (at Trace level only). Default <see langword="false"/>.</summary>
    public bool EnableSensitiveData { get; set; }
}
