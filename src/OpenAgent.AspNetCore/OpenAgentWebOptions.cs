using System.Collections.Generic;

namespace OpenAgent.AspNetCore;

/// <summary>
/// Settings of the web endpoints, bound from the <c>OpenAgent:Web</c> configuration section.
/// </summary>
public sealed class OpenAgentWebOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "OpenAgent:Web";

    /// <summary>
    /// Gets or sets the API key clients must send (<c>Authorization: Bearer {key}</c>, or <c>?token={key}</c> on the
    /// WebSocket). Without one the host refuses to listen on anything but loopback.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets the origins allowed to call the API from a browser (CORS); <c>*</c> allows any. Default none: same origin only.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Gets or sets the largest file an upload may hold. Default 10 MB.</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Gets or sets the largest WebSocket message a client may send; a larger one closes the socket. Default 1 MB.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how much of a text file a preview returns. Default 100 KB.</summary>
    public int PreviewBytes { get; set; } = 100 * 1024;
}
