using System.Collections.Generic;
using System.CommandLine;

namespace OpenAgent.Samples.ConsoleHost;

/// <summary>The command line: what it accepts, and the configuration keys its flags set.</summary>
internal static class CommandLine
{
    public static readonly Option<string?> Prompt = new("--prompt", "-p") { Description = "Run one prompt, print the final answer and exit (one-shot mode)." };
    public static readonly Option<bool> Json = new("--json") { Description = "With -p: print every event as a JSON line instead of the answer." };
    public static readonly Option<string?> Workspace = new("--workspace", "-w") { Description = "The folder the agent works in ('.' for the current one). Default: ./workspace." };
    public static readonly Option<string?> Provider = new("--provider") { Description = "The model provider: anthropic, openai, ollama, scripted or demo." };
    public static readonly Option<string?> Model = new("--model", "-m") { Description = "The model id." };
    public static readonly Option<string?> Endpoint = new("--endpoint") { Description = "The provider's base URL (any OpenAI-compatible server with --provider openai)." };
    public static readonly Option<string?> Script = new("--script") { Description = "A JSON model script (implies --provider scripted)." };
    public static readonly Option<string?> Preset = new("--preset") { Description = "The prompt preset: coding or work, or one of your own." };
    public static readonly Option<bool> Approval = new("--approval") { Description = "Ask before running tools that change things." };
    public static readonly Option<bool> Plan = new("--plan") { Description = "Start in plan mode: explore and plan, then ask to carry the plan out." };
    public static readonly Option<string?> Resume = new("--resume") { Description = "Resume a saved conversation by id." };

    public static RootCommand Root { get; } = Create();

    private static RootCommand Create()
    {
        var root = new RootCommand("openagent: an AI agent in your terminal, built on OpenAgent.Core.");
        foreach (var option in new Option[] { Prompt, Json, Workspace, Provider, Model, Endpoint, Script, Preset, Approval, Plan, Resume })
        {
            root.Options.Add(option);
        }

        return root;
    }

    /// <summary>The configuration the flags set, layered over appsettings.json and the environment.</summary>
    public static Dictionary<string, string?> ToConfiguration(ParseResult parsed)
    {
        var settings = new Dictionary<string, string?>();
        void Set(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                settings[key] = value;
            }
        }

        Set("OpenAgent:WorkspaceDir", parsed.GetValue(Workspace));
        Set("OpenAgent:Model:Provider", parsed.GetValue(Script) is not null ? "scripted" : parsed.GetValue(Provider));
        Set("OpenAgent:Model:Name", parsed.GetValue(Model));
        Set("OpenAgent:Model:Endpoint", parsed.GetValue(Endpoint));
        Set("OpenAgent:Model:ScriptPath", parsed.GetValue(Script));
        Set("OpenAgent:DefaultPreset", parsed.GetValue(Preset));
        return settings;
    }
}
