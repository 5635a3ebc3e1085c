using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;

namespace OpenAgent.Core.Todos;

/// <summary>
/// A session's todo list (one per session, kept in memory). At most <see cref="MaxItems"/> items and at most one
/// <c>in_progress</c> at a time; a change that would break a rule is refused with an <see cref="ArgumentException"/>
/// whose message the model reads, and leaves the list as it was.
/// </summary>
public sealed class TodoList
{
    /// <summary>The most items a list holds.</summary>
    public const int MaxItems = 20;

    private static readonly string[] Statuses = ["pending", "in_progress", "completed"];
    private readonly Lock _gate = new();
    private List<TodoItem> _items = [];

    /// <summary>Gets the items, in order.</summary>
    public IReadOnlyList<TodoItem> Items
    {
        get
        {
            lock (_gate)
            {
                return [.. _items];
            }
        }
    }

    /// <summary>Replaces the whole list.</summary>
    /// <param name="items">The new items.</param>
    /// <returns>The list after the change.</returns>
    /// <exception cref="ArgumentException">An item is invalid, there are too many, or more than one is in progress.</exception>
    public IReadOnlyList<TodoItem> Replace(IReadOnlyList<TodoItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var next = new List<TodoItem>(items);
        Validate(next);
        lock (_gate)
        {
            _items = next;
            return [.. _items];
        }
    }

    /// <summary>Adds one item at the end.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The list after the change.</returns>
    /// <exception cref="ArgumentException">The item is invalid, the list is full, or another item is already in progress.</exception>
    public IReadOnlyList<TodoItem> Add(TodoItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            var next = new List<TodoItem>(_items) { item };
            Validate(next);
            _items = next;
            return [.. _items];
        }
    }

    /// <summary>Marks the item whose content is exactly <paramref name="content"/> as completed.</summary>
    /// <param name="content">The item's content.</param>
    /// <returns>The list after the change.</returns>
    /// <exception cref="ArgumentException">No item has that content.</exception>
    public IReadOnlyList<TodoItem> Complete(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        lock (_gate)
        {
            var index = _items.FindIndex(i => string.Equals(i.Content, content, StringComparison.Ordinal));
            if (index < 0)
            {
                throw new ArgumentException($"No todo item reads exactly '{content}'.", nameof(content));
            }

            var next = new List<TodoItem>(_items);
            next[index] = next[index] with { Status = "completed" };
            _items = next;
            return [.. _items];
        }
    }

    /// <summary>Renders the list for the model: <c>[x]</c> done, <c>[&gt;]</c> in progress, <c>[ ]</c> pending, then a count.</summary>
    /// <returns>The rendering; <c>No todos.</c> when empty.</returns>
    public string Render()
    {
        var items = Items;
        if (items.Count == 0)
        {
            return "No todos.";
        }

        var builder = new StringBuilder();
        var done = 0;
        foreach (var item in items)
        {
            switch (item.Status)
            {
                case "completed":
                    done++;
                    builder.Append("[x] ").Append(item.Content);
                    break;
                case "in_progress":
                    builder.Append("[>] ").Append(item.Content).Append(" <- ").Append(item.ActiveForm);
                    break;
                default:
                    builder.Append("[ ] ").Append(item.Content);
                    break;
            }

            builder.Append('\n');
        }

        builder.Append(CultureInfo.InvariantCulture, $"({done}/{items.Count} completed)");
        return builder.ToString();
    }

    private static void Validate(List<TodoItem> items)
    {
        if (items.Count > MaxItems)
        {
            throw new ArgumentException($"A todo list holds at most {MaxItems} items (got {items.Count}).", nameof(items));
        }

        var inProgress = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new ArgumentException($"Item {i + 1} is missing.", nameof(items));
            if (string.IsNullOrWhiteSpace(item.Content))
            {
                throw new ArgumentException($"Item {i + 1} needs a non-empty content.", nameof(items));
            }

            if (string.IsNullOrWhiteSpace(item.ActiveForm))
            {
                throw new ArgumentException($"Item {i + 1} ('{item.Content}') needs a non-empty activeForm.", nameof(items));
            }

            if (Array.IndexOf(Statuses, item.Status) < 0)
            {
                throw new ArgumentException($"Item {i + 1} ('{item.Content}') has status '{item.Status}'; use pending, in_progress or completed.", nameof(items));
            }

            if (item.Status == "in_progress" && ++inProgress > 1)
            {
                throw new ArgumentException("Only one item may be in_progress at a time.", nameof(items));
            }
        }
    }
}
