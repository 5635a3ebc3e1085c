using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenAgent.Core.Shell;

/// <summary>
/// A guard rail for shell commands (not a sandbox: see <c>BashSandbox</c> for that). It splits a command into the
/// programs it runs — across pipes, chains, lists, sub-shells, groups and command substitutions, skipping
/// <c>NAME=value</c> prefixes and redirections — then refuses dangerous commands and, when an allow-list is set, any
/// program not on it.
/// </summary>
public static partial class ShellCommandPolicy
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in", "function", "time", "!", "[[", "]]",
    };

    private static readonly HashSet<string> Elevation = new(StringComparer.Ordinal) { "sudo", "su", "doas", "pkexec" };
    private static readonly HashSet<string> PowerOff = new(StringComparer.Ordinal) { "shutdown", "reboot", "halt", "poweroff", "init" };
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "zsh", "dash", "ksh", "fish" };
    private static readonly HashSet<string> RootTargets = new(StringComparer.Ordinal) { "/", "/*", "~", "~/", "~/*", "$HOME", "${HOME}", "/.", "/.." };

    /// <summary>Checks <paramref name="command"/>; returns <see langword="null"/> when it may run, else why it may not.</summary>
    /// <param name="command">The shell command.</param>
    /// <param name="allowedCommands">The programs allowed; empty allows any program that is not dangerous.</param>
    /// <returns>The reason for refusing, written for the model, or <see langword="null"/>.</returns>
    public static string? Check(string command, IReadOnlyCollection<string> allowedCommands)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(allowedCommands);
        var segments = Split(command);
        if (segments.Count == 0)
        {
            return "The command is empty.";
        }

        if (DeviceRedirect().IsMatch(command))
        {
            return "Blocked: the command writes to a device under /dev.";
        }

        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var program = Path.GetFileName(segment.Words[0]);
            if (Dangerous(program, segment) is { } reason)
            {
                return "Blocked: " + reason;
            }

            if (segment.AfterPipe && Shells.Contains(program))
            {
                return $"Blocked: piping into '{program}' runs code that was never shown.";
            }

            if (allowedCommands.Count > 0 && !Contains(allowedCommands, program))
            {
                return $"'{program}' is not in allowed commands ({string.Join(", ", allowedCommands)}).";
            }
        }

        return null;
    }

    /// <summary>Lists the programs a command would run, in order (what the allow-list is checked against).</summary>
    /// <param name="command">The shell command.</param>
    /// <returns>The program names.</returns>
    public static IReadOnlyList<string> Programs(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var programs = new List<string>();
        foreach (var segment in Split(command))
        {
            programs.Add(Path.GetFileName(segment.Words[0]));
        }

        return programs;
    }

    private static string? Dangerous(string program, Segment segment)
    {
        var args = segment.Words;
        if (Elevation.Contains(program))
        {
            return $"'{program}' would run commands with elevated rights.";
        }

        if (PowerOff.Contains(program))
        {
            return $"'{program}' would stop the machine.";
        }

        if (program.StartsWith("mkfs", StringComparison.Ordinal))
        {
            return $"'{program}' would format a disk.";
        }

        if (program == "eval" || (Shells.Contains(program) && args.Contains("-c")))
        {
            return $"'{program}' would run a command built at run time; run the command directly instead.";
        }

        if (program == "rm" && args.Exists(a => RootTargets.Contains(a)))
        {
            return "rm aimed at the root or home folder.";
        }

        if (program == "find" && args.Contains("-delete") && args.Exists(a => RootTargets.Contains(a)))
        {
            return "find -delete aimed at the root or home folder.";
        }

        if (program == "dd" && args.Exists(a => a.StartsWith("of=/dev/", StringComparison.Ordinal)))
        {
            return "dd writing to a device.";
        }

        return null;
    }

    private static bool Contains(IReadOnlyCollection<string> allowed, string program)
    {
        foreach (var entry in allowed)
        {
            if (string.Equals(entry, program, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One simple command: its words (quotes removed), and whether its input comes from a pipe.</summary>
    private sealed record Segment(List<string> Words, bool AfterPipe);

    private static List<Segment> Split(string command)
    {
        var segments = new List<Segment>();
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var afterPipe = false;
        var quote = '\0';

        // The quoting in force outside each open "$(" or "(", restored at its ")".
        var enclosing = new Stack<char>();

        void EndWord()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }

        void EndSegment(bool nextAfterPipe)
        {
            EndWord();
            var meaningful = new List<string>();
            var skipTarget = false;
            foreach (var w in words)
            {
                if (skipTarget)
                {
                    skipTarget = false;
                    continue;
                }

                if (IsRedirection(w, out var needsTarget))
                {
                    skipTarget = needsTarget;
                    continue;
                }

                if (meaningful.Count == 0 && (Assignment().IsMatch(w) || Keywords.Contains(w)))
                {
                    continue;
                }

                meaningful.Add(w);
            }

            if (meaningful.Count > 0)
            {
                segments.Add(new Segment(meaningful, afterPipe));
            }

            words.Clear();
            afterPipe = nextAfterPipe;
        }

        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            if (c == '\\' && i + 1 < command.Length)
            {
                word.Append(command[++i]);
                inWord = true;
                continue;
            }

            if (quote == '"' && c == '"')
            {
                quote = '\0';
                continue;
            }

            // Command substitution (also inside double quotes) starts a command of its own.
            if (c == '$' && i + 1 < command.Length && command[i + 1] == '(')
            {
                if (i + 2 < command.Length && command[i + 2] == '(')
                {
                    i = SkipArithmetic(command, i + 3);
                    inWord = true;
                    continue;
                }

                EndSegment(false);
                enclosing.Push(quote);
                quote = '\0';
                i++;
                continue;
            }

            if (c == '`')
            {
                EndSegment(false);
                continue;
            }

            if (quote == '"')
            {
                word.Append(c);
                inWord = true;
                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    inWord = true;
                    break;
                case ' ' or '\t':
                    EndWord();
                    break;
                case '|':
                    var isOr = i + 1 < command.Length && command[i + 1] == '|';
                    i += isOr ? 1 : 0;
                    EndSegment(nextAfterPipe: !isOr);
                    break;
                case '&' when i + 1 < command.Length && command[i + 1] == '>':
                    word.Append(c);
                    inWord = true;
                    break;
                case '&' when word.Length > 0 && word[^1] == '>':
                    word.Append(c);
                    break;
                case '(':
                    EndSegment(false);
                    enclosing.Push('\0');
                    break;
                case ')':
                    EndSegment(false);
                    quote = enclosing.Count > 0 ? enclosing.Pop() : '\0';
                    break;
                case ';' or '&' or '\n' or '\r' or '{' or '}':
                    EndSegment(false);
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        EndSegment(false);
        return segments;
    }

    private static int SkipArithmetic(string command, int index)
    {
        var depth = 2;
        for (; index < command.Length && depth > 0; index++)
        {
            depth += command[index] switch { '(' => 1, ')' => -1, _ => 0 };
        }

        return index - 1;
    }

    private static bool IsRedirection(string word, out bool needsTarget)
    {
        var match = Redirection().Match(word);
        needsTarget = match.Success && match.Groups["target"].Length == 0;
        return match.Success;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^(?:\d*|&)(?:>>?|<<?|>&|<&)(?<target>.*)$")]
    private static partial Regex Redirection();

    [GeneratedRegex(@"(?:^|[^<])>>?\s*/dev/(?!null\b|stdout\b|stderr\b|tty\b|fd/)")]
    private static partial Regex DeviceRedirect();
}
