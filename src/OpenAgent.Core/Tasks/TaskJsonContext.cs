using System.Text.Json.Serialization;

namespace OpenAgent.Core.Tasks;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(TaskRecord))]
internal sealed partial class TaskJsonContext : JsonSerializerContext;
