using System;
using System.Buffers;
using System.Collections.Frozen;
using System.IO;

namespace OpenAgent.Core.Shell;

/// <summary>
/// A command bash would run exactly as written: words of plain characters (nothing to expand, quote, redirect, chain or
/// assign) naming a program on the <c>PATH</c> that is not a shell builtin. Such a command is started directly, which
/// saves loading bash (about 0.6 ms here); everything else goes through <c>bash -c</c>.
/// </summary>
/// <param name="Program">The program's full path.</param>
/// <param name="Arguments">The argument vector, starting with the word as written.</param>
internal sealed record PlainCommand(string Program, string[] Arguments)
{
    private static readonly SearchValues<char> PlainCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:,+=@%");

    // Builtins and reserved words: bash would not run a program for these. A bare true or false behaves the same either way.
    private static readonly FrozenSet<string> ShellWords = FrozenSet.Create(StringComparer.Ordinal,
        ".", ":", "[", "alias", "bg", "bind", "break", "builtin", "caller", "case", "cd", "command", "compgen", "complete",
        "compopt", "continue", "coproc", "declare", "dirs", "disown", "do", "done", "echo", "elif", "else", "enable", "esac",
        "eval", "exec", "exit", "export", "false", "fc", "fg", "fi", "for", "function", "getopts", "hash", "help", "history",
        "if", "in", "jobs", "kill", "let", "local", "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray",
        "readonly", "return", "select", "set", "shift", "shopt", "source", "suspend", "test", "then", "time", "times", "trap",
        "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "until", "wait", "while");

    private static readonly char[] Blanks = [' ', '\t'];

    /// <summary>Resolves <paramref name="command"/> when it is plain; otherwise null.</summary>
    /// <param name="command">The command as the model wrote it.</param>
    /// <param name="path">The command's <c>PATH</c>; null means no plain command (bash has its own default).</param>
    /// <param name="workingDirectory">The full path of the folder it runs in.</param>
    /// <returns>The program and its arguments, or <see langword="null"/>.</returns>
    public static PlainCommand? Resolve(string command, string? path, string workingDirectory)
    {
        if (path is null)
        {
            return null;
        }

        var words = command.Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || Array.Exists(words, w => w.AsSpan().ContainsAnyExcept(PlainCharacters)) || words[0].Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        var name = words[0];
        if (ShellWords.Contains(name) && !(words.Length == 1 && name is "true" or "false"))
        {
            return null;
        }

        var program = name.Contains('/', StringComparison.Ordinal) ? Executable(Path.Combine(workingDirectory, name)) : Search(name, path, workingDirectory);
        return program is null ? null : new PlainCommand(program, words);
    }

    private static string? Search(string name, string path, string workingDirectory)
    {
        foreach (var folder in path.Split(':'))
        {
            // An empty entry means the current folder, as in bash.
            if (Executable(Path.Combine(folder.Length == 0 ? workingDirectory : Path.Combine(workingDirectory, folder), name)) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? Executable(string candidate)
    {
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return !OperatingSystem.IsWindows() && File.Exists(candidate) && (File.GetUnixFileMode(candidate) & anyExecute) != 0
            ? Path.GetFullPath(candidate)
            : null;
    }
}
