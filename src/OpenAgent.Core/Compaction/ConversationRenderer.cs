using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.Extensions.AI;

namespace OpenAgent.Core.Compaction;

/// <summary>
/// Renders messages as short lines for a summarising model: <c>[role] text</c>, <c>[tool_call] name(args)</c>,
/// <c>[tool_result] content</c>, each cut to a few hundred characters.
/// </summary>
public static class ConversationRenderer
{
    /// <summary>The most characters of a message's text kept.</summary>
    public const int TextLimit = 300;

    /// <summary>The most characters of a tool call's arguments or a tool result kept.</summary>
    public const int ToolLimit = 150;

    /// <summary>Renders <paramref name="messages"/>, one line per content block, at most <paramref name="maxCharacters"/> in all.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="maxCharacters">The most characters returned. Default 20,000.</param>
    /// <returns>The rendering.</returns>
    public static string Render(IEnumerable<ChatMessage> messages, int maxCharacters = 20_000)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var builder = new StringBuilder();
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                var line = content switch
                {
                    TextContent { Text.Length: > 0 } text => $"[{message.Role.Value}] {Cut(text.Text, TextLimit)}",
                    FunctionCallContent call => $"[tool_call] {call.Name}({Cut(Arguments(call), ToolLimit)})",
                    FunctionResultContent result => $"[tool_result] {Cut(result.Result?.ToString() ?? string.Empty, ToolLimit)}",
                    _ => null,
                };
                if (line is not null)
                {
                    builder.Append(line).Append('\n');
                }
            }
        }

        return builder.Length <= maxCharacters ? builder.ToString().TrimEnd('\n') : builder.ToString(0, maxCharacters);
    }

    private static string Arguments(FunctionCallContent call) => Tools.ToolArguments.ToJsonElement(call.Arguments).GetRawText();

    private static string Cut(string text, int limit) => text.Length <= limit ? text : text[..limit];
}
