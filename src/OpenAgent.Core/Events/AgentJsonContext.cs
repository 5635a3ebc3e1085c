using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// Source-generated JSON metadata for the wire types. snake_case names come from the naming policy;
/// the few camelCase keys of the seed's formats are fixed with <see cref="JsonPropertyNameAttribute"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    AllowOutOfOrderMetadataProperties = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AgentEvent))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
