using Microsoft.Extensions.Logging;
using OpenAgent.Samples.Shared;

namespace OpenAgent.Samples.WebHost;

internal static partial class HostLog
{
    public static void ModelChosen(ILogger logger, ModelChoice model)
    {
        if (model.IsDemo)
        {
            DemoModel(logger);
        }
        else
        {
            RealModel(logger, model.Description);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "No model provider is configured: running the offline demo model. See docs/model-providers.md.")]
    private static partial void DemoModel(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Model: {Model}")]
    private static partial void RealModel(ILogger logger, string model);
}
