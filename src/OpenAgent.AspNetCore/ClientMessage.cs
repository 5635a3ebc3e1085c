using System;
using System.Text.Json;

namespace OpenAgent.AspNetCore;

/// <summary>A message from the client, as the seed's protocol sends it.</summary>
internal sealed record ClientMessage(string Type, string? Content, bool Enabled, string? Decision, string? Feedback, string? Id)
{
    /// <summary>
    /// Reads a client message. Text that is not JSON is a <c>message</c> with that text (as in the seed); text that looks
    /// like JSON but does not parse, JSON that is not an object, and an object without a string <c>type</c> are errors.
    /// </summary>
    /// <exception cref="FormatException">The message is malformed; the text says how.</exception>
    public static ClientMessage Parse(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return new ClientMessage("message", text, false, null, null, null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Malformed JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("A message must be a JSON object with a \"type\".");
            }

            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw new FormatException("A message needs a string \"type\".");
            }

            return new ClientMessage(
                type.GetString()!,
                String(root, "content"),
                root.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.True,
                String(root, "decision"),
                String(root, "feedback"),
                String(root, "id"));
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
