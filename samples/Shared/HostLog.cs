using Microsoft.Extensions.Logging;

namespace OpenAgent.Samples.Shared;

/// <summary>What both sample hosts log about the model they chose.</summary>
public static partial class HostLog
{
    /// <summary>Logs the model: a warning for the offline demo model, the provider and model otherwise.</summary>
    /// <param name="logger">The host's logger.</param>
    /// <param name="model">The choice.</param>
    public static void ModelChosen(ILogger logger, ModelChoice model)
    {
        System.ArgumentNullException.ThrowIfNull(model);
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
