using System.Collections.Generic;
using System.Text.Json.Serialization;
using OpenAgent.Core.Todos;

namespace OpenAgent.Core.Tools.BuiltIn;

internal sealed record TodoWriteArguments(IReadOnlyList<TodoItem> Items);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TodoWriteArguments))]
internal sealed partial class TodoJsonContext : JsonSerializerContext;
