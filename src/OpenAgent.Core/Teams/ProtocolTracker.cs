using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;

namespace OpenAgent.Core.Teams;

/// <summary>A tracked request between the lead and a teammate.</summary>
/// <param name="Id">8 hex characters.</param>
/// <param name="Type"><c>shutdown</c> or <c>plan_approval</c>.</param>
/// <param name="Target">The teammate concerned: the one asked to stop, or the one asking for approval.</param>
/// <param name="Status"><c>pending</c>, <c>approved</c> or <c>rejected</c>.</param>
/// <param name="Payload">What was asked: the reason, or the plan.</param>
/// <param name="Feedback">The answer's feedback, once resolved.</param>
public sealed record ProtocolRequest(string Id, string Type, string Target, string Status, string Payload, string? Feedback = null);

/// <summary>
/// Correlates requests and responses of the team's two protocols: shutdown (lead → teammate) and plan approval
/// (teammate → lead).
/// </summary>
public sealed class ProtocolTracker
{
    /// <summary>The shutdown protocol.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>The plan approval protocol.</summary>
    public const string PlanApproval = "plan_approval";

    private readonly ConcurrentDictionary<string, ProtocolRequest> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Opens a request.</summary>
    /// <param name="type"><see cref="Shutdown"/> or <see cref="PlanApproval"/>.</param>
    /// <param name="target">The teammate concerned.</param>
    /// <param name="payload">What is asked.</param>
    /// <returns>The pending request.</returns>
    /// <exception cref="TeamException">The type is not a protocol.</exception>
    public ProtocolRequest Create(string type, string target, string payload)
    {
        if (type is not (Shutdown or PlanApproval))
        {
            throw new TeamException($"Unknown protocol '{type}': use {Shutdown} or {PlanApproval}.");
        }

        ArgumentException.ThrowIfNullOrEmpty(target);
        while (true)
        {
            var request = new ProtocolRequest(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), type, target, "pending", payload ?? string.Empty);
            if (_requests.TryAdd(request.Id, request))
            {
                _order.Enqueue(request.Id);
                return request;
            }
        }
    }

    /// <summary>Resolves a pending request.</summary>
    /// <param name="id">The request's id.</param>
    /// <param name="approved">The verdict.</param>
    /// <param name="feedback">Why, if anything.</param>
    /// <returns>The resolved request.</returns>
    /// <exception cref="TeamException">No request has that id, or it was already resolved.</exception>
    public ProtocolRequest Resolve(string id, bool approved, string? feedback = null)
    {
        while (true)
        {
            var request = Get(id) ?? throw new TeamException($"No request with id '{id}'.");
            if (request.Status != "pending")
            {
                throw new TeamException($"Request {id} was already {request.Status}.");
            }

            var resolved = request with { Status = approved ? "approved" : "rejected", Feedback = feedback };
            if (_requests.TryUpdate(id, resolved, request))
            {
                return resolved;
            }
        }
    }

    /// <summary>Gets a request.</summary>
    /// <param name="id">The request's id.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    public ProtocolRequest? Get(string id) => _requests.TryGetValue(id ?? string.Empty, out var request) ? request : null;

    /// <summary>Lists the pending requests, oldest first.</summary>
    /// <param name="type">Only this protocol, when given.</param>
    /// <returns>The requests.</returns>
    public IReadOnlyList<ProtocolRequest> ListPending(string? type = null) =>
        [.. _order.Select(Get).OfType<ProtocolRequest>().Where(r => r.Status == "pending" && (type is null || r.Type == type))];
}
