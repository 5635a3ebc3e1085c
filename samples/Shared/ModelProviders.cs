using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using System.Threading;
using Anthropic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OllamaSharp;
using OpenAgent.Core.DependencyInjection;
using OpenAgent.Testing;
using OpenAI;

namespace OpenAgent.Samples.Shared;

/// <summary>
/// Makes the model client a sample host uses, from <see cref="ModelSettings"/>. The SDK itself depends on no provider:
/// this is where the samples pick one.
/// </summary>
public static class ModelProviders
{
    /// <summary>The official Anthropic SDK.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>The OpenAI SDK; with an endpoint, any OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio).</summary>
    public const string OpenAI = "openai";

    /// <summary>OllamaSharp, Ollama's native API.</summary>
    public const string Ollama = "ollama";

    /// <summary>A JSON script played by OpenAgent.Testing's ScriptedChatClient.</summary>
    public const string Scripted = "scripted";

    /// <summary>The offline demo model.</summary>
    public const string Demo = "demo";

    private const string DefaultAnthropicModel = "claude-sonnet-4-5-20250929";
    private const string DefaultOpenAIModel = "gpt-4.1";
    private const string DefaultOllamaModel = "qwen3:8b";

    /// <summary>
    /// Registers the main model (and the sub-agent, teammate and compaction models when their sections say so) with
    /// retries and OpenTelemetry, from the <c>OpenAgent:Model</c> section of <paramref name="configuration"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>What the main model is, so the host can say so.</returns>
    /// <exception cref="InvalidOperationException">The settings name an unknown provider, or a provider without what it needs.</exception>
    public static ModelChoice AddSampleModels(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(ModelSettings.SectionName).Get<ModelSettings>() ?? new ModelSettings();
        var main = Create(settings);
        services.AddChatClient(main.Client).UseAgentRetry().UseOpenTelemetry();

        foreach (var (key, extra) in new[]
                 {
                     (OpenAgentChatClientKeys.Subagent, settings.Subagent),
                     (OpenAgentChatClientKeys.Teammate, settings.Teammate),
                     (OpenAgentChatClientKeys.Compaction, settings.Compaction),
                 })
        {
            if (extra is not null)
            {
                services.AddKeyedChatClient(key, Create(extra.InheritFrom(settings)).Client).UseAgentRetry().UseOpenTelemetry();
            }
        }

        return main;
    }

    /// <summary>Makes the client <paramref name="settings"/> describe, without retries.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The client and what it is.</returns>
    /// <exception cref="InvalidOperationException">The settings name an unknown provider, or a provider without what it needs.</exception>
    public static ModelChoice Create(ModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var provider = settings.Provider?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(provider))
        {
            provider = Env("ANTHROPIC_API_KEY") is not null ? Anthropic
                : Env("OPENAI_API_KEY") is not null || Env("OPENAI_BASE_URL") is not null ? OpenAI
                : Demo;
        }

        switch (provider)
        {
            case Anthropic:
            {
                var key = settings.ApiKey ?? Env("ANTHROPIC_API_KEY")
                    ?? throw new InvalidOperationException("The anthropic provider needs an API key: set OpenAgent:Model:ApiKey or ANTHROPIC_API_KEY.");
                var endpoint = settings.Endpoint ?? Env("ANTHROPIC_BASE_URL");
                var model = settings.Name ?? DefaultAnthropicModel;

                // The SDK's own retries are off: UseAgentRetry() retries, with the SDK's options and Retry-After.
                // Its exceptions drop the response headers: RetryAfterHandler keeps Retry-After for the retry middleware.
                var http = new HttpClient(new RetryAfterHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
                var client = endpoint is null
                    ? new AnthropicClient { ApiKey = key, MaxRetries = 0, HttpClient = http }
                    : new AnthropicClient { ApiKey = key, MaxRetries = 0, HttpClient = http, BaseUrl = endpoint };

                return new(client.AsIChatClient(model), Anthropic, Describe(Anthropic, model, endpoint));
            }

            case OpenAI:
            {
                var endpoint = settings.Endpoint ?? Env("OPENAI_BASE_URL");

                // Local OpenAI-compatible servers take any key; the SDK insists on one.
                var key = settings.ApiKey ?? Env("OPENAI_API_KEY") ?? (endpoint is not null ? "unused"
                    : throw new InvalidOperationException("The openai provider needs an API key (OpenAgent:Model:ApiKey or OPENAI_API_KEY) or an endpoint (OpenAgent:Model:Endpoint or OPENAI_BASE_URL)."));
                var model = settings.Name ?? DefaultOpenAIModel;
                var options = new OpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
                if (endpoint is not null)
                {
                    options.Endpoint = ParseEndpoint(endpoint);
                }

                var client = new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(model).AsIChatClient();
                return new(client, OpenAI, Describe(OpenAI, model, endpoint));
            }

            case Ollama:
            {
                var endpoint = settings.Endpoint ?? Env("OLLAMA_HOST") ?? "http://localhost:11434";
                var model = settings.Name ?? DefaultOllamaModel;
                return new(new OllamaApiClient(ParseEndpoint(endpoint), model), Ollama, Describe(Ollama, model, endpoint));
            }

            case Scripted:
            {
                var path = settings.ScriptPath
                    ?? throw new InvalidOperationException("The scripted provider needs a script: set OpenAgent:Model:ScriptPath to a JSON file.");
                return new(ChatScript.Load(path), Scripted, $"scripted model playing {path}");
            }

            case Demo:
                return new(new DemoChatClient(), Demo, "offline demo model (no real model is configured)");

            default:
                throw new InvalidOperationException(
                    $"Unknown model provider '{settings.Provider}' in OpenAgent:Model:Provider: use anthropic, openai, ollama, scripted or demo.");
        }
    }

    private static string Describe(string provider, string model, string? endpoint) =>
        endpoint is null ? $"{provider} {model}" : $"{provider} {model} at {endpoint}";

    private static Uri ParseEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"The model endpoint '{endpoint}' is not an http(s) URL.");

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
