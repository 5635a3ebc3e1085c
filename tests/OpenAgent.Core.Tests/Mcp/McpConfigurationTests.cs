using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Configuration;
using ModelContextProtocol.Protocol;
using OpenAgent.Core.Mcp;
using Xunit;

namespace OpenAgent.Core.Tests.Mcp;

public sealed class McpConfigurationTests
{
    [Fact]
    public void The_seed_format_is_read_with_defaults_and_environment_variables_substituted()
    {
        Environment.SetEnvironmentVariable("OPENAGENT_TEST_MCP_TOKEN", "tok-123");
        try
        {
            var servers = McpConfiguration.Parse("""
                {
                  "servers": {
                    "files": { "command": "npx", "args": ["-y", "server", "${HOME}/data"], "env": { "KEY": "${OPENAGENT_TEST_MCP_TOKEN}", "N": 5 } },
                    "remote": { "transport": "http", "url": "https://mcp.example.com/${OPENAGENT_TEST_MCP_TOKEN}", "authorization_token": "${OPENAGENT_TEST_MCP_TOKEN}",
                                "headers": { "X-Unknown": "${OPENAGENT_TEST_NOT_SET}" }, "read_only_tools": ["search"] }
                  }
                }
                """);

            Assert.Equal(["files", "remote"], servers.Keys);
            var files = servers["files"];
            Assert.Equal(("stdio", "client", "npx"), (files.Transport, files.Mode, files.Command));
            Assert.Equal(["-y", "server", Environment.GetEnvironmentVariable("HOME") + "/data"], files.Args);
            Assert.Equal("tok-123", files.Env["KEY"]);
            Assert.Equal("5", files.Env["N"]);
            var remote = servers["remote"];
            Assert.Equal("http", remote.Transport);
            Assert.Equal("https://mcp.example.com/tok-123", remote.Url);
            Assert.Equal("tok-123", remote.AuthorizationToken);
            Assert.Equal("${OPENAGENT_TEST_NOT_SET}", remote.Headers["X-Unknown"]);
            Assert.Equal(["search"], remote.ReadOnlyTools);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAGENT_TEST_MCP_TOKEN", null);
        }
    }

    [Fact]
    public void The_common_mcpServers_shape_is_read_too()
    {
        var servers = McpConfiguration.Parse("""
            {
              // as in other MCP hosts' settings
              "mcpServers": {
                "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] },
                "docs": { "url": "https://docs.example.com/mcp" },
                "legacy": { "type": "sse", "url": "https://old.example.com/sse" },
              }
            }
            """);

        Assert.Equal("stdio", servers["memory"].Transport);
        Assert.Equal("http", servers["docs"].Transport);
        Assert.Equal("http", servers["legacy"].Transport);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("""{"servers": {"x": 5}}""", "the server 'x' is not an object")]
    public void A_bad_file_is_a_FormatException_naming_the_file(string json, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mcp-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var ex = Assert.Throws<FormatException>(() => McpConfiguration.Load(path));
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_or_one_without_servers_has_no_servers()
    {
        Assert.Empty(McpConfiguration.Load("/nonexistent/mcp_servers.json"));
        Assert.Empty(McpConfiguration.Parse("""{"servers": {}}"""));
        Assert.Empty(McpConfiguration.Parse("""{"other": 1}"""));
    }

    [Fact]
    public void Servers_come_from_the_configuration_section_as_well()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAgent:Mcp:Servers:git:Command"] = "uvx",
            ["OpenAgent:Mcp:Servers:git:Args:0"] = "mcp-server-git",
            ["OpenAgent:Mcp:Servers:git:Env:HOME_COPY"] = "${HOME}",
            ["OpenAgent:Mcp:Servers:api:Transport"] = "http",
            ["OpenAgent:Mcp:Servers:api:Url"] = "http://127.0.0.1:9/mcp",
        }).Build();

        var servers = McpConfiguration.FromConfiguration(configuration);

        Assert.Equal("uvx", servers["git"].Command);
        Assert.Equal(["mcp-server-git"], servers["git"].Args);
        Assert.Equal(Environment.GetEnvironmentVariable("HOME"), servers["git"].Env["HOME_COPY"]);
        Assert.Equal(("http", "http://127.0.0.1:9/mcp"), (servers["api"].Transport, servers["api"].Url));
    }

    [Theory]
    [InlineData("files", "read_file", "mcp__files__read_file")]
    [InlineData("my server", "do.it", "mcp__my_server__do_it")]
    [InlineData("a__b", "c", "mcp__a_b__c")]
    public void Tool_names_are_prefixed_and_sanitised(string server, string tool, string expected) =>
        Assert.Equal(expected, McpClientManager.ToolNameFor(server, tool));

    [Fact]
    public void Long_tool_names_are_cut_to_64_characters_and_stay_distinct()
    {
        var first = McpClientManager.ToolNameFor("a-rather-long-server-name", "an_even_longer_tool_name_that_goes_on_and_on_1");
        var second = McpClientManager.ToolNameFor("a-rather-long-server-name", "an_even_longer_tool_name_that_goes_on_and_on_2");

        Assert.Equal(64, first.Length);
        Assert.Equal(64, second.Length);
        Assert.NotEqual(first, second);
        Assert.Matches("^[A-Za-z0-9_-]+$", first);
    }

    [Fact]
    public void Result_text_blocks_are_joined_by_newlines_and_no_blocks_is_an_empty_result()
    {
        Assert.Equal("(empty result)", McpClientManager.RenderContent([]));
        Assert.Equal("one\ntwo\n[image: image/png]",
            McpClientManager.RenderContent([new TextContentBlock { Text = "one" }, new TextContentBlock { Text = "two" },
                new ImageContentBlock { Data = Convert.FromBase64String("AAAA"), MimeType = "image/png" }]));
    }
}
