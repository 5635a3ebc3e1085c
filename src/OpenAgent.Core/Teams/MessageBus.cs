using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenAgent.Core.Teams;

/// <summary>
/// The team's mail: one <see cref="Channel{T}"/> mailbox per member (the lead's is <c>lead</c>). With a persistence folder,
/// every message is also appended to <c>{folder}/{name}.jsonl</c> before it is queued, mailboxes are filled from those files
/// when the bus is created (after a restart), and a file is emptied when its mailbox is read.
/// </summary>
public sealed partial class MessageBus
{
    /// <summary>The lead's mailbox name.</summary>
    public const string Lead = "lead";

    private readonly ConcurrentDictionary<string, Mailbox> _mailboxes = new(StringComparer.Ordinal);
    private readonly string? _folder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="persistFolder">The folder for the JSONL files (<c>.team/inbox</c>), or <see langword="null"/> to keep mail in memory only.</param>
    /// <param name="timeProvider">The clock for timestamps.</param>
    /// <param name="logger">Where unreadable lines in the files are reported.</param>
    public MessageBus(string? persistFolder = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _folder = persistFolder;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        if (_folder is not null && Directory.Exists(_folder))
        {
            foreach (var file in Directory.EnumerateFiles(_folder, "*.jsonl"))
            {
                Restore(Path.GetFileNameWithoutExtension(file), file);
            }
        }
    }

    /// <summary>Sends a message.</summary>
    /// <param name="sender">Who sends it.</param>
    /// <param name="to">The recipient's mailbox.</param>
    /// <param name="content">The text.</param>
    /// <param name="type">One of <see cref="TeamMessageTypes.All"/>.</param>
    /// <param name="extra">Protocol data.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The message as queued.</returns>
    /// <exception cref="TeamException">The type is not valid; nothing is queued.</exception>
    public async ValueTask<TeamMessage> SendAsync(
        string sender, string to, string content, string type = TeamMessageTypes.Message,
        IReadOnlyDictionary<string, JsonElement>? extra = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sender);
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(type);
        if (!((IList<string>)TeamMessageTypes.All).Contains(type))
        {
            throw new TeamException($"Invalid message type '{type}': use one of {string.Join(", ", TeamMessageTypes.All)}.");
        }

        var message = new TeamMessage(type, sender, content, _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0,
            extra ?? new Dictionary<string, JsonElement>());
        var mailbox = MailboxOf(to);
        await mailbox.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Written before it is queued: a message a reader could see is never one a crash could lose.
            if (_folder is not null)
            {
                Directory.CreateDirectory(_folder);
                await File.AppendAllTextAsync(FileOf(to), JsonSerializer.Serialize(message, TeamJsonContext.Default.TeamMessage) + "\n",
                    cancellationToken).ConfigureAwait(false);
            }

            mailbox.Channel.Writer.TryWrite(message);
        }
        finally
        {
            mailbox.Gate.Release();
        }

        return message;
    }

    /// <summary>Sends <paramref name="content"/> as a <c>broadcast</c> to every recipient except the sender.</summary>
    /// <param name="sender">Who sends it.</param>
    /// <param name="content">The text.</param>
    /// <param name="recipients">Who may receive it.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>How many received it.</returns>
    public async ValueTask<int> BroadcastAsync(string sender, string content, IEnumerable<string> recipients, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var count = 0;
        foreach (var recipient in recipients)
        {
            if (recipient != sender)
            {
                await SendAsync(sender, recipient, content, TeamMessageTypes.Broadcast, null, cancellationToken).ConfigureAwait(false);
                count++;
            }
        }

        return count;
    }

    /// <summary>Takes every message waiting for <paramref name="name"/>, oldest first, and empties its file.</summary>
    /// <param name="name">The mailbox.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The messages; empty for an unknown or empty mailbox.</returns>
    public async ValueTask<IReadOnlyList<TeamMessage>> ReadInboxAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_mailboxes.TryGetValue(name, out var mailbox))
        {
            return [];
        }

        await mailbox.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var messages = new List<TeamMessage>();
            while (mailbox.Channel.Reader.TryRead(out var message))
            {
                messages.Add(message);
            }

            if (messages.Count > 0 && _folder is not null && File.Exists(FileOf(name)))
            {
                await File.WriteAllTextAsync(FileOf(name), string.Empty, CancellationToken.None).ConfigureAwait(false);
            }

            return messages;
        }
        finally
        {
            mailbox.Gate.Release();
        }
    }

    /// <summary>Gets how many messages wait for <paramref name="name"/>.</summary>
    /// <param name="name">The mailbox.</param>
    /// <returns>The count.</returns>
    public int Pending(string name) => _mailboxes.TryGetValue(name, out var mailbox) ? mailbox.Channel.Reader.Count : 0;

    /// <summary>Completes when a message is waiting for <paramref name="name"/> (at once if one already is).</summary>
    /// <param name="name">The mailbox.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when mail is waiting.</returns>
    public async Task WaitForMailAsync(string name, CancellationToken cancellationToken)
    {
        await MailboxOf(name).Channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
    }

    private Mailbox MailboxOf(string name) => _mailboxes.GetOrAdd(name, static _ => new Mailbox());

    private string FileOf(string name) => Path.Combine(_folder!, name + ".jsonl");

    private void Restore(string name, string file)
    {
        var mailbox = MailboxOf(name);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, TeamJsonContext.Default.TeamMessage) is { } message)
                {
                    mailbox.Channel.Writer.TryWrite(message);
                }
            }
            catch (JsonException ex)
            {
                // A line cut short by a crash mid-append: the rest of the file is still good.
                LogBadLine(_logger, file, lineNumber, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Skipping line {Line} of {File}: {Error}")]
    private static partial void LogBadLine(ILogger logger, string file, int line, string error);

    private sealed class Mailbox
    {
        public Channel<TeamMessage> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<TeamMessage>(
            new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

        public SemaphoreSlim Gate { get; } = new(1, 1);
    }
}
