using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpenAgent.Core.DependencyInjection;

/// <summary>
/// Fails start-up with a clear message when no <see cref="IChatClient"/> is registered, instead of failing on the first run.
/// </summary>
internal sealed class ChatClientRegistrationValidator(IServiceProviderIsService isService) : IValidateOptions<OpenAgentOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenAgentOptions options) =>
        isService.IsService(typeof(IChatClient))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "OpenAgent needs a model: no IChatClient is registered. Register one before the host starts, for example " +
                "services.AddChatClient(new OpenAIClient(key).GetChatClient(\"gpt-4.1\").AsIChatClient()).");
}
