using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace OpenAgent.Core.Tools;

/// <summary>
/// Checks a call's arguments against its tool's input schema before the tool runs, so a tool never sees arguments of
/// the wrong shape and the model learns exactly what to fix. JsonSchema.Net is the authority and writes the messages;
/// common schemas are first checked by <see cref="FastSchemaValidator"/>, which costs a fraction of a full evaluation.
/// </summary>
internal static class ToolArgumentValidator
{
    // One compiled schema per handler instance; singletons are compiled once per process.
    private static readonly ConditionalWeakTable<IToolHandler, CompiledSchema> Schemas = [];
    // Flag output stops at the first failure and builds no result tree: the cheap check on every call.
    private static readonly EvaluationOptions QuickOptions = new() { OutputFormat = OutputFormat.Flag };

    // List output explains every failure: only computed when the quick check failed.
    private static readonly EvaluationOptions DetailedOptions = new() { OutputFormat = OutputFormat.List };

    /// <summary>Returns <see langword="null"/> when the arguments fit, else a message for the model.</summary>
    public static string? Validate(IToolHandler handler, JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return $"Arguments for tool '{handler.Name}' must be a JSON object.";
        }

        var compiled = Schemas.GetValue(handler, static h => CompiledSchema.Create(h.InputSchema));
        if (compiled.Fast is { } fast ? fast.IsValid(arguments) : compiled.Schema is null || compiled.Schema.Evaluate(arguments, QuickOptions).IsValid)
        {
            return null;
        }

        var results = compiled.Schema!.Evaluate(arguments, DetailedOptions);
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

        /// <summary>The fast check, when the schema stays inside its subset; otherwise JsonSchema.Net answers alone.</summary>
        public FastSchemaValidator? Fast { get; private init; }

        public static CompiledSchema Create(JsonElement schema)
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                return new CompiledSchema();
            }

            try
            {
                var full = JsonSchema.FromText(schema.GetRawText());
                return new CompiledSchema { Schema = full, Fast = FastSchemaValidator.TryCompile(schema) };
            }
            catch (Exception ex) when (ex is JsonException or JsonSchemaException or ArgumentException or InvalidOperationException)
            {
                // A schema this validator cannot read is still a valid declaration for the model: skip validation.
                return new CompiledSchema();
            }
        }
    }
}
