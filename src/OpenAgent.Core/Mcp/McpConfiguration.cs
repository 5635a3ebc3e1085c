using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace OpenAgent.Core.Mcp;

/// <summary>
/// Reads MCP server settings: the seed's file format <c>{"servers": {"name": {"transport", "command", "args", "env", "url",
/// "headers", "authorization_token"}}}</c>, the <c>{"mcpServers": {...}}</c> shape other MCP hosts use (with <c>type</c>
/// <c>stdio</c>, <c>http</c>, <c>streamable-http</c> or <c>sse</c>), and the <c>OpenAgent:Mcp:Servers</c> configuration
/// section. <c>${VAR}</c> in any string is replaced from the environment; an unknown variable stays as written.
/// </summary>
public static partial class McpConfiguration
{
    /// <summary>The configuration section with servers, keyed by name.</summary>
    public const string SectionName = "OpenAgent:Mcp:Servers";

    /// <summary>Parses a servers file's JSON.</summary>
    /// <param name="json">The file's text.</param>
    /// <returns>The servers by name, in file order.</returns>
    /// <exception cref="FormatException">The text is not valid JSON or a server entry is not an object; the message says which.</exception>
    public static IReadOnlyDictionary<string, McpServerConfig> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message}", ex);
        }

        var servers = root is JsonObject obj ? (obj["servers"] ?? obj["mcpServers"]) as JsonObject : null;
        var result = new Dictionary<string, McpServerConfig>(StringComparer.Ordinal);
        if (servers is null)
        {
            return result;
        }

        foreach (var (name, node) in servers)
        {
            result[name] = node is JsonObject server ? FromJson(server) : throw new FormatException($"the server '{name}' is not an object.");
        }

        return result;
    }

    /// <summary>Reads the servers file at <paramref name="path"/>; a missing file has no servers.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The servers by name.</returns>
    /// <exception cref="FormatException">The file is not valid; the message names it.</exception>
    public static IReadOnlyDictionary<string, McpServerConfig> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            return new Dictionary<string, McpServerConfig>();
        }

        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"The MCP servers file '{Path.GetFullPath(path)}' is {ex.Message}", ex);
        }
    }

    /// <summary>Reads the servers in the <see cref="SectionName"/> section of <paramref name="configuration"/>.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The servers by name.</returns>
    public static IReadOnlyDictionary<string, McpServerConfig> FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var result = new Dictionary<string, McpServerConfig>(StringComparer.Ordinal);
        foreach (var child in configuration.GetSection(SectionName).GetChildren())
        {
            var server = child.Get<McpServerConfig>() ?? new McpServerConfig();
            server.Command = Substitute(server.Command);
            server.Url = Substitute(server.Url);
            server.AuthorizationToken = Substitute(server.AuthorizationToken);
            server.WorkingDirectory = Substitute(server.WorkingDirectory);
            server.Args = [.. server.Args.Select(a => Substitute(a)!)];
            server.Env = server.Env.ToDictionary(p => p.Key, p => Substitute(p.Value)!);
            server.Headers = server.Headers.ToDictionary(p => p.Key, p => Substitute(p.Value)!);
            result[child.Key] = server;
        }

        return result;
    }

    /// <summary>Replaces each <c>${VAR}</c> with the environment variable's value; unknown variables stay as written.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text with variables replaced.</returns>
    public static string? Substitute(string? text) =>
        text is null || !text.Contains("${", StringComparison.Ordinal)
            ? text
            : Variable().Replace(text, m => Environment.GetEnvironmentVariable(m.Groups[1].Value) ?? m.Value);

    private static McpServerConfig FromJson(JsonObject server)
    {
        var config = new McpServerConfig();
        foreach (var (rawKey, value) in server)
        {
            switch (rawKey.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant())
            {
                case "transport":
                case "type":
                    var transport = Text(value)?.ToLowerInvariant();
                    config.Transport = transport is "streamable-http" or "streamablehttp" or "sse" or "http" ? "http" : transport ?? "stdio";
                    break;
                case "mode":
                    config.Mode = Text(value) ?? "client";
                    break;
                case "command":
                    config.Command = Text(value);
                    break;
                case "args":
                    config.Args = value is JsonArray args ? [.. args.Select(a => Text(a) ?? string.Empty)] : [];
                    break;
                case "env":
                    config.Env = Map(value);
                    break;
                case "url":
                    config.Url = Text(value);
                    break;
                case "headers":
                    config.Headers = Map(value);
                    break;
                case "authorizationtoken":
                    config.AuthorizationToken = Text(value);
                    break;
                case "readonlytools":
                    config.ReadOnlyTools = value is JsonArray tools ? [.. tools.Select(t => Text(t) ?? string.Empty)] : [];
                    break;
                case "workingdirectory":
                case "cwd":
                    config.WorkingDirectory = Text(value);
                    break;
            }
        }

        // The mcpServers shape often gives only a url for a remote server.
        if (config.Command is null && config.Url is not null && !server.ContainsKey("transport") && !server.ContainsKey("type"))
        {
            config.Transport = "http";
        }

        return config;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? Substitute(value.GetValue<string>())
        : node is JsonValue other ? other.ToJsonString()
        : null;

    private static Dictionary<string, string> Map(JsonNode? node) =>
        node is JsonObject obj
            ? obj.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => Text(p.Value) ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}
