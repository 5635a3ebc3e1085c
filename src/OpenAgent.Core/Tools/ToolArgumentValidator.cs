using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace OpenAgent.Core.Tools;

/// <summary>
/// Checks a call's arguments against its tool's input schema (JsonSchema.Net) before the tool runs, so a tool never
/// sees arguments of the wrong shape and the model learns exactly what to fix.
/// </summary>
internal static class ToolArgumentValidator
{
    // One compiled schema per handler instance; singletons are compiled once per process.
    private static readonly ConditionalWeakTable<IToolHandler, CompiledSchema> Schemas = [];
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    /// <summary>Returns <see langword="null"/> when the arguments fit, else a message for the model.</summary>
    public static string? Validate(IToolHandler handler, JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return $"Arguments for tool '{handler.Name}' must be a JSON object.";
        }

        var schema = Schemas.GetValue(handler, static h => CompiledSchema.Create(h.InputSchema)).Schema;
        if (schema is null)
        {
            return null;
        }

        var results = schema.Evaluate(arguments, Options);
        if (results.IsValid)
        {
            return null;
        }

        var problems = new List<string>();
        Collect(results, problems);
        var message = new StringBuilder($"Invalid arguments for tool '{handler.Name}': ");
        message.AppendJoin("; ", problems.Distinct(StringComparer.Ordinal).Take(5));
        return message.ToString();
    }

    private static void Collect(EvaluationResults results, List<string> problems)
    {
        if (results.Errors is { Count: > 0 } errors)
        {
            var location = results.InstanceLocation.ToString();
            foreach (var error in errors.Values)
            {
                problems.Add(location.Length == 0 ? error : $"{location}: {error}");
            }
        }

        if (results.Details is { } details)
        {
            foreach (var detail in details)
            {
                Collect(detail, problems);
            }
        }

        if (problems.Count == 0 && !results.IsValid && results.Details is null)
        {
            problems.Add("the arguments do not match the schema");
        }
    }

    private sealed class CompiledSchema
    {
        public JsonSchema? Schema { get; private init; }

        public static CompiledSchema Create(JsonElement schema)
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                return new CompiledSchema();
            }

            try
            {
                return new CompiledSchema { Schema = JsonSchema.FromText(schema.GetRawText()) };
            }
            catch (Exception ex) when (ex is JsonException or JsonSchemaException or ArgumentException or InvalidOperationException)
            {
                // A schema this validator cannot read is still a valid declaration for the model: skip validation.
                return new CompiledSchema();
            }
        }
    }
}
