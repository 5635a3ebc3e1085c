using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace OpenAgent.Core.Tools;

/// <summary>
/// A compiled check for the small subset of JSON Schema that tool schemas almost always use (type, properties,
/// required, enum, items, additionalProperties and annotations). It answers "valid?" in well under a microsecond;
/// JsonSchema.Net stays the authority for everything else and for the error messages.
/// </summary>
/// <remarks>
/// <see cref="TryCompile"/> returns <see langword="null"/> for any schema that uses a keyword outside the subset, so
/// the fast path is only taken where its answer matches the full validator's (see ToolArgumentValidatorTests).
/// </remarks>
internal sealed class FastSchemaValidator
{
    [Flags]
    private enum Types
    {
        None = 0,
        Object = 1,
        Array = 2,
        String = 4,
        Number = 8,
        Integer = 16,
        Boolean = 32,
        Null = 64,
    }

    private static readonly HashSet<string> AnnotationKeywords = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "title", "description", "default", "examples", "format", "readOnly", "writeOnly", "deprecated",
    };

    private Types _types;
    // Names are kept as UTF-8 and matched against the instance's raw property names: no string per property checked.
    private (byte[] Name, FastSchemaValidator Schema)[]? _properties;
    private byte[][] _required = [];
    private JsonElement[]? _enum;
    private FastSchemaValidator? _items;
    private bool _noAdditionalProperties;
    private FastSchemaValidator? _additionalProperties;

    private FastSchemaValidator()
    {
    }

    /// <summary>Compiles <paramref name="schema"/>, or returns <see langword="null"/> if it uses anything outside the subset.</summary>
    public static FastSchemaValidator? TryCompile(JsonElement schema)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return new FastSchemaValidator { _types = Types.None };
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var node = new FastSchemaValidator();
        foreach (var keyword in schema.EnumerateObject())
        {
            if (AnnotationKeywords.Contains(keyword.Name))
            {
                continue;
            }

            var ok = keyword.Name switch
            {
                "type" => node.TryReadTypes(keyword.Value),
                "properties" => node.TryReadProperties(keyword.Value),
                "required" => node.TryReadRequired(keyword.Value),
                "enum" => node.TryReadEnum(keyword.Value),
                "items" => (node._items = TryCompile(keyword.Value)) is not null,
                "additionalProperties" => node.TryReadAdditionalProperties(keyword.Value),
                _ => false,
            };
            if (!ok)
            {
                return null;
            }
        }

        return node;
    }

    public bool IsValid(JsonElement instance)
    {
        if (_types != Types.None && !HasAllowedType(instance))
        {
            return false;
        }

        if (_enum is not null && !Array.Exists(_enum, candidate => JsonElement.DeepEquals(candidate, instance)))
        {
            return false;
        }

        switch (instance.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var name in _required)
                {
                    if (!instance.TryGetProperty(name, out _))
                    {
                        return false;
                    }
                }

                if (_properties is null && !_noAdditionalProperties && _additionalProperties is null)
                {
                    return true;
                }

                foreach (var property in instance.EnumerateObject())
                {
                    if (FindProperty(property) is { } propertySchema)
                    {
                        if (!propertySchema.IsValid(property.Value))
                        {
                            return false;
                        }
                    }
                    else if (_noAdditionalProperties || (_additionalProperties is not null && !_additionalProperties.IsValid(property.Value)))
                    {
                        return false;
                    }
                }

                return true;

            case JsonValueKind.Array when _items is not null:
                foreach (var item in instance.EnumerateArray())
                {
                    if (!_items.IsValid(item))
                    {
                        return false;
                    }
                }

                return true;

            default:
                return true;
        }
    }

    private bool HasAllowedType(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Object => (_types & Types.Object) != 0,
        JsonValueKind.Array => (_types & Types.Array) != 0,
        JsonValueKind.String => (_types & Types.String) != 0,
        JsonValueKind.True or JsonValueKind.False => (_types & Types.Boolean) != 0,
        JsonValueKind.Null => (_types & Types.Null) != 0,
        JsonValueKind.Number => (_types & Types.Number) != 0 || ((_types & Types.Integer) != 0 && IsInteger(instance)),
        _ => false,
    };

    private static bool IsInteger(JsonElement number) =>
        number.TryGetInt64(out _) || (number.TryGetDouble(out var value) && double.IsFinite(value) && Math.Floor(value) == value);

    private bool TryReadTypes(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return TryAddType(value.GetString());
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !TryAddType(item.GetString()))
            {
                return false;
            }
        }

        return _types != Types.None;
    }

    private bool TryAddType(string? name)
    {
        var type = name switch
        {
            "object" => Types.Object,
            "array" => Types.Array,
            "string" => Types.String,
            "number" => Types.Number,
            "integer" => Types.Integer,
            "boolean" => Types.Boolean,
            "null" => Types.Null,
            _ => Types.None,
        };
        _types |= type;
        return type != Types.None;
    }

    private FastSchemaValidator? FindProperty(JsonProperty property)
    {
        if (_properties is null)
        {
            return null;
        }

        foreach (var (name, schema) in _properties)
        {
            if (property.NameEquals(name))
            {
                return schema;
            }
        }

        return null;
    }

    private bool TryReadProperties(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var properties = new List<(byte[] Name, FastSchemaValidator Schema)>();
        foreach (var property in value.EnumerateObject())
        {
            if (TryCompile(property.Value) is not { } compiled)
            {
                return false;
            }

            // A name given twice: the last one counts, as when the schema is read into a dictionary.
            var name = Encoding.UTF8.GetBytes(property.Name);
            properties.RemoveAll(p => p.Name.AsSpan().SequenceEqual(name));
            properties.Add((name, compiled));
        }

        _properties = [.. properties];
        return true;
    }

    private bool TryReadRequired(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var names = new List<byte[]>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            names.Add(Encoding.UTF8.GetBytes(item.GetString()!));
        }

        _required = [.. names];
        return true;
    }

    private bool TryReadEnum(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var values = new List<JsonElement>();
        foreach (var item in value.EnumerateArray())
        {
            values.Add(item.Clone());
        }

        _enum = [.. values];
        return true;
    }

    private bool TryReadAdditionalProperties(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.False:
                _noAdditionalProperties = true;
                return true;
            case JsonValueKind.True:
                return true;
            default:
                _additionalProperties = TryCompile(value);
                return _additionalProperties is not null;
        }
    }
}
