using System;
using System.Collections.Generic;
using System.Text.Json;
using Json.Schema;
using OpenAgent.Core.Tools;
using Xunit;

namespace OpenAgent.Core.Tests.Tools;

public sealed class ToolArgumentValidatorTests
{
    private const string Schema = """
        {
          "type": "object",
          "description": "annotations are ignored",
          "properties": {
            "path": { "type": "string", "description": "a path" },
            "limit": { "type": "integer" },
            "ratio": { "type": "number" },
            "mode": { "type": "string", "enum": ["fast", "slow"] },
            "tags": { "type": "array", "items": { "type": "string" } },
            "flag": { "type": ["boolean", "null"] },
            "meta": { "type": "object", "additionalProperties": { "type": "integer" } },
            "größe": { "type": "integer" }
          },
          "required": ["path"],
          "additionalProperties": false
        }
        """;

    public static TheoryData<string> Instances => new()
    {
        """{"path":"a"}""",
        """{}""",
        """{"path":1}""",
        """{"path":"a","limit":5}""",
        """{"path":"a","limit":5.0}""",
        """{"path":"a","limit":5.5}""",
        """{"path":"a","limit":"5"}""",
        """{"path":"a","ratio":0.25}""",
        """{"path":"a","mode":"fast"}""",
        """{"path":"a","mode":"medium"}""",
        """{"path":"a","tags":["x","y"]}""",
        """{"path":"a","tags":["x",2]}""",
        """{"path":"a","flag":null}""",
        """{"path":"a","flag":"yes"}""",
        """{"path":"a","meta":{"n":1}}""",
        """{"path":"a","meta":{"n":"1"}}""",
        """{"path":"a","extra":true}""",
        """{"p\u0061th":"a"}""",
        """{"p\u0061th":2}""",
        """{"path":"a","gr\u00f6\u00dfe":3}""",
        """{"path":"a","größe":"3"}""",
        """{"path":"a","große":3}""",
    };

    [Theory]
    [MemberData(nameof(Instances))]
    public void The_fast_check_agrees_with_JsonSchema_Net(string instance)
    {
        var fast = FastSchemaValidator.TryCompile(JsonElement.Parse(Schema));
        var full = JsonSchema.FromText(Schema);
        var element = JsonElement.Parse(instance);

        Assert.NotNull(fast);
        Assert.Equal(full.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid, fast.IsValid(element));
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"anyOf":[{"type":"string"}]}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","minLength":2}}}""")]
    [InlineData("""{"$ref":"#/$defs/x","$defs":{"x":{"type":"object"}}}""")]
    [InlineData("""{"type":"object","patternProperties":{"^x":{"type":"string"}}}""")]
    public void Schemas_outside_the_subset_are_left_to_JsonSchema_Net(string schema)
    {
        Assert.Null(FastSchemaValidator.TryCompile(JsonElement.Parse(schema)));
    }

    [Fact]
    public void Keywords_outside_the_subset_are_still_enforced()
    {
        var tool = new Support.DelegateTool("t", (_, _) => default, schema: """{"type":"object","properties":{"a":{"type":"string","minLength":3}}}""");

        Assert.Null(ToolArgumentValidator.Validate(tool, JsonElement.Parse("""{"a":"long enough"}""")));
        Assert.Contains("/a", ToolArgumentValidator.Validate(tool, JsonElement.Parse("""{"a":"no"}""")), StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_become_a_json_object_whatever_the_provider_parsed_them_into()
    {
        var arguments = new Dictionary<string, object?>
        {
            ["text"] = "héllo \"q\"",
            ["count"] = 3,
            ["big"] = 5_000_000_000L,
            ["ratio"] = 0.5,
            ["on"] = true,
            ["none"] = null,
            ["raw"] = JsonElement.Parse("""{"nested":[1,2]}"""),
            ["list"] = new[] { "a", "b" },
        };

        var json = ToolArguments.ToJsonElement(arguments);

        Assert.Equal("héllo \"q\"", json.GetProperty("text").GetString());
        Assert.Equal(3, json.GetProperty("count").GetInt32());
        Assert.Equal(5_000_000_000L, json.GetProperty("big").GetInt64());
        Assert.Equal(0.5, json.GetProperty("ratio").GetDouble());
        Assert.True(json.GetProperty("on").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("none").ValueKind);
        Assert.Equal(2, json.GetProperty("raw").GetProperty("nested")[1].GetInt32());
        Assert.Equal("b", json.GetProperty("list")[1].GetString());
        Assert.Equal("{}", ToolArguments.ToJsonElement(null).GetRawText());

        // Any other dictionary type gives the same object, in its own order.
        var sorted = new SortedDictionary<string, object?>(arguments, StringComparer.Ordinal);
        Assert.Equal(
            """{"big":5000000000,"count":3,"list":["a","b"],"none":null,"on":true,"ratio":0.5,"raw":{"nested":[1,2]},"text":"héllo \"q\""}""",
            ToolArguments.ToJsonElement(sorted).GetRawText());
    }

    private sealed class Unserialisable
    {
        public Action Callback { get; } = () => { };

        public override string ToString() => "opaque value";
    }

    [Fact]
    public void A_value_no_serializer_can_write_becomes_its_text_instead_of_failing_the_run()
    {
        var json = ToolArguments.ToJsonElement(new Dictionary<string, object?> { ["odd"] = new Unserialisable(), ["ok"] = 1 });

        Assert.Equal("opaque value", json.GetProperty("odd").GetString());
        Assert.Equal(1, json.GetProperty("ok").GetInt32());
    }

    [Fact]
    public void A_large_argument_converts_whole_and_later_calls_are_unaffected()
    {
        var content = new string('z', 200_000);

        var big = ToolArguments.ToJsonElement(new Dictionary<string, object?> { ["content"] = content });
        var small = ToolArguments.ToJsonElement(new Dictionary<string, object?> { ["k"] = "v" });

        Assert.Equal(content, big.GetProperty("content").GetString());
        Assert.Equal("""{"k":"v"}""", small.GetRawText());
    }
}
