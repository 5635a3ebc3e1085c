using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAgent.AspNetCore;
using OpenAgent.Core;
using OpenAgent.Core.Conversations;
using OpenAgent.Core.Prompts;
using OpenAgent.Core.Skills;
using OpenAgent.Core.Workspace;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the OpenAgent HTTP API: the seed's REST endpoints and the WebSocket chat protocol.
/// </summary>
public static class OpenAgentEndpointRouteBuilderExtensions
{
    private const string CorsPolicy = "OpenAgent";

    /// <summary>
    /// Maps <c>/health</c>, <c>/api/chat</c>, <c>/api/conversations</c>, <c>/api/tools</c>, <c>/api/skills</c>,
    /// <c>/api/presets</c>, <c>/api/files</c>, <c>/api/workspace/*</c> and the WebSocket <c>/api/chat/{conversation_id}/ws</c>.
    /// When <paramref name="endpoints"/> is the application (a <c>WebApplication</c>), the WebSocket and CORS middleware are
    /// added too; otherwise call <c>app.UseWebSockets()</c> (and <c>app.UseCors()</c> with allowed origins) yourself.
    /// </summary>
    /// <param name="endpoints">The application or route builder.</param>
    /// <returns>The group holding the endpoints, for further conventions.</returns>
    /// <exception cref="InvalidOperationException"><c>AddWebApi()</c> was not called on the OpenAgent builder.</exception>
    public static RouteGroupBuilder MapOpenAgent(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<ConversationService>() is null)
        {
            throw new InvalidOperationException(
                "MapOpenAgent needs the web services: call services.AddOpenAgent().AddWebApi() before building the app.");
        }

        var web = endpoints.ServiceProvider.GetRequiredService<IOptions<OpenAgentWebOptions>>().Value;
        if (endpoints is IApplicationBuilder app)
        {
            app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
            if (web.AllowedOrigins.Count > 0)
            {
                app.UseCors();
            }
        }

        var group = endpoints.MapGroup(string.Empty);
        if (web.AllowedOrigins.Count > 0)
        {
            group.RequireCors(CorsPolicy);
        }

        group.MapGet("/health", Health);

        var api = group.MapGroup("/api").AddEndpointFilter(RequireApiKey);
        api.MapPost("/chat", CreateChatAsync);
        api.MapGet("/conversations", ListConversationsAsync);
        api.MapGet("/conversations/{id}", GetConversationAsync);
        api.MapDelete("/conversations/{id}", DeleteConversationAsync);
        api.MapGet("/tools", ListToolsAsync);
        api.MapGet("/skills", (SkillLibrary skills) => Json(skills.List().Select(s => new NamedItem(s.Name, s.Description)).ToList(), WebJsonContext.Default.ListNamedItem));
        api.MapPost("/skills", AddSkillAsync);
        api.MapGet("/presets", (PromptPresets presets) => Json(presets.List().Select(p => new NamedItem(p.Name, p.Description)).ToList(), WebJsonContext.Default.ListNamedItem));
        api.MapGet("/files/{id}/{**path}", DownloadAsync);
        api.MapGet("/workspace/files", ListFilesAsync);
        api.MapGet("/workspace/file/{**path}", PreviewAsync);
        api.MapPost("/workspace/upload", UploadAsync).DisableAntiforgery();

        // Browsers cannot set headers on a WebSocket: the key may come as ?token=.
        group.Map("/api/chat/{id}/ws", ChatSocketAsync);
        return group;
    }

    internal static string CorsPolicyName => CorsPolicy;

    private static IResult Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        Results.Json(value, type, statusCode: status);

    private static IResult Error(string message, int status) => Json(new ErrorResponse(message), WebJsonContext.Default.ErrorResponse, status);

    private static IResult Health(IServiceProvider services, IOptions<OpenAgentOptions> options) =>
        Json(new HealthResponse("ok", options.Value.ModelId ?? services.GetService<IChatClient>()?.GetService<ChatClientMetadata>()?.DefaultModelId),
            WebJsonContext.Default.HealthResponse);

    private static async ValueTask<object?> RequireApiKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<OpenAgentWebOptions>>().Value.ApiKey;
        return string.IsNullOrEmpty(key) || IsAuthorized(context.HttpContext, key)
            ? await next(context).ConfigureAwait(false)
            : Error("Missing or wrong API key: send Authorization: Bearer <key>.", StatusCodes.Status401Unauthorized);
    }

    private static bool IsAuthorized(HttpContext context, string key)
    {
        string? given = null;
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            given = header["Bearer ".Length..].Trim();
        }
        else if (context.Request.Query.TryGetValue("token", out var token))
        {
            given = token.ToString();
        }

        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));
    }

    private static async Task<IResult> CreateChatAsync(HttpContext context, ConversationService conversations, CancellationToken cancellationToken)
    {
        CreateChatRequest request;
        try
        {
            request = context.Request.ContentLength is 0 or null && !context.Request.HasJsonContentType()
                ? new CreateChatRequest()
                : await context.Request.ReadFromJsonAsync(WebJsonContext.Default.CreateChatRequest, cancellationToken).ConfigureAwait(false) ?? new CreateChatRequest();
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Error($"The body is not a valid chat request: {ex.Message}", StatusCodes.Status400BadRequest);
        }

        var record = await conversations.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        return Json(new CreateChatResponse(record.Id), WebJsonContext.Default.CreateChatResponse);
    }

    private static async Task<IResult> ListConversationsAsync(ConversationService conversations, CancellationToken cancellationToken)
    {
        var list = await conversations.ListAsync(cancellationToken).ConfigureAwait(false);
        return Json(list.Select(c => new ConversationListItem(c.Id, c.Title, c.CreatedAt, c.MessageCount)).ToList(), WebJsonContext.Default.ListConversationListItem);
    }

    private static async Task<IResult> GetConversationAsync(string id, ConversationService conversations, CancellationToken cancellationToken)
    {
        var record = await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return Error($"No conversation '{id}'.", StatusCodes.Status404NotFound);
        }

        var state = record.State;
        return Json(new ConversationDetail(record.Id, record.Title, record.CreatedAt, state.SystemPrompt, state.Preset, state.TeamsEnabled,
            state.TracingEnabled, state.ApprovalEnabled, state.PlanMode, ConversationJson.Messages(state.Messages),
            state.Usage.InputTokens, state.Usage.OutputTokens), WebJsonContext.Default.ConversationDetail);
    }

    private static async Task<IResult> DeleteConversationAsync(string id, ConversationService conversations, CancellationToken cancellationToken) =>
        await conversations.DeleteAsync(id, cancellationToken).ConfigureAwait(false)
            ? Json(new StatusResponse("deleted"), WebJsonContext.Default.StatusResponse)
            : Error($"No conversation '{id}'.", StatusCodes.Status404NotFound);

    private static async Task<IResult> ListToolsAsync(ToolCatalog catalog, CancellationToken cancellationToken) =>
        Json([.. await catalog.ListAsync(cancellationToken).ConfigureAwait(false)], WebJsonContext.Default.ListNamedItem);

    private static async Task<IResult> AddSkillAsync(HttpContext context, SkillLibrary skills, CancellationToken cancellationToken)
    {
        AddSkillRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync(WebJsonContext.Default.AddSkillRequest, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return Error($"The body must be JSON with name, description and body: {ex.Message}", StatusCodes.Status400BadRequest);
        }

        try
        {
            var skill = await skills.AddAsync(request?.Name ?? string.Empty, request?.Description ?? string.Empty, request?.Body ?? string.Empty,
                overwrite: true, cancellationToken).ConfigureAwait(false);
            return Json(new NamedItem(skill.Name, skill.Description), WebJsonContext.Default.NamedItem, StatusCodes.Status201Created);
        }
        catch (SkillException ex)
        {
            return Error(ex.Message, StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> DownloadAsync(string id, string path, ConversationService conversations, CancellationToken cancellationToken)
    {
        if (await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return Error($"No conversation '{id}'.", StatusCodes.Status404NotFound);
        }

        try
        {
            var full = WorkspaceFileService.ResolveForRead(conversations.WorkspaceOf(id), path);
            return File.Exists(full)
                ? Results.File(full, "application/octet-stream", Path.GetFileName(full))
                : Error($"'{path}' does not exist.", StatusCodes.Status404NotFound);
        }
        catch (WorkspacePathException ex)
        {
            return Error(ex.Message, StatusCodes.Status403Forbidden);
        }
    }

    private static async Task<(string? Workspace, IResult? Error)> WorkspaceOfAsync(HttpContext context, ConversationService conversations, CancellationToken cancellationToken)
    {
        var id = context.Request.Query["conversation_id"].ToString();
        if (id.Length == 0)
        {
            return (null, Error("conversation_id is required: each conversation has its own workspace.", StatusCodes.Status400BadRequest));
        }

        return await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false) is null
            ? (null, Error($"No conversation '{id}'.", StatusCodes.Status404NotFound))
            : (conversations.WorkspaceOf(id), null);
    }

    private static async Task<IResult> ListFilesAsync(HttpContext context, ConversationService conversations, CancellationToken cancellationToken)
    {
        var (workspace, error) = await WorkspaceOfAsync(context, conversations, cancellationToken).ConfigureAwait(false);
        return error ?? Json(WorkspaceFiles.List(workspace!), WebJsonContext.Default.IReadOnlyListWorkspaceFile);
    }

    private static async Task<IResult> PreviewAsync(string path, HttpContext context, ConversationService conversations, IOptions<OpenAgentWebOptions> web, CancellationToken cancellationToken)
    {
        var (workspace, error) = await WorkspaceOfAsync(context, conversations, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        try
        {
            return Json(await WorkspaceFileService.PreviewAsync(workspace!, path, web.Value.PreviewBytes, cancellationToken).ConfigureAwait(false),
                WebJsonContext.Default.FilePreview);
        }
        catch (WorkspacePathException ex)
        {
            return Error(ex.Message, StatusCodes.Status403Forbidden);
        }
        catch (FileNotFoundException ex)
        {
            return Error(ex.Message, StatusCodes.Status404NotFound);
        }
    }

    private static async Task<IResult> UploadAsync(HttpContext context, ConversationService conversations, IOptions<OpenAgentWebOptions> web, CancellationToken cancellationToken)
    {
        var (workspace, error) = await WorkspaceOfAsync(context, conversations, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (!context.Request.HasFormContentType)
        {
            return Error("Send the files as multipart/form-data.", StatusCodes.Status400BadRequest);
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return Error($"The upload could not be read: {ex.Message}", StatusCodes.Status400BadRequest);
        }

        if (form.Files.Count == 0)
        {
            return Error("No files were uploaded.", StatusCodes.Status400BadRequest);
        }

        var saved = new List<UploadedFile>();
        try
        {
            foreach (var file in form.Files)
            {
                saved.Add(await WorkspaceFileService.SaveUploadAsync(workspace!, context.Request.Query["subdir"].ToString(), file,
                    web.Value.MaxUploadBytes, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (UploadTooLargeException ex)
        {
            return Error(ex.Message, StatusCodes.Status413PayloadTooLarge);
        }
        catch (WorkspacePathException ex)
        {
            return Error(ex.Message, StatusCodes.Status400BadRequest);
        }

        return Json(new UploadResponse(saved), WebJsonContext.Default.UploadResponse);
    }

    private static async Task ChatSocketAsync(string id, HttpContext context, ConversationService conversations, IOptions<OpenAgentWebOptions> web, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Error("This endpoint speaks WebSocket only.", StatusCodes.Status400BadRequest).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!string.IsNullOrEmpty(web.Value.ApiKey) && !IsAuthorized(context, web.Value.ApiKey))
        {
            await Error("Missing or wrong API key: add ?token=<key> to the WebSocket URL.", StatusCodes.Status401Unauthorized).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var (live, result) = await conversations.AttachAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (result != AttachResult.Attached)
        {
            var (message, code) = result == AttachResult.NotFound
                ? ($"No conversation '{id}': create one with POST /api/chat.", 4404)
                : ($"Conversation '{id}' is already open in another connection; close it first.", 4409);
            await socket.SendAsync(new OpenAgent.Core.Events.ErrorEvent(message).ToUtf8Json(), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
            await socket.CloseAsync((System.Net.WebSockets.WebSocketCloseStatus)code, result == AttachResult.NotFound ? "not found" : "busy", CancellationToken.None).ConfigureAwait(false);
            return;
        }

        // Stopping the host, or deleting the conversation, closes the socket too: its run is cancelled (and its history saved
        // on shutdown) instead of Kestrel waiting on it.
        var lifetime = context.RequestServices.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        var handler = new ConversationSocket(socket, live!, conversations, web.Value, loggers.CreateLogger<ConversationSocket>());
        await handler.RunAsync(context.RequestAborted, live!.Deleted.Token, lifetime.ApplicationStopping).ConfigureAwait(false);
    }
}
