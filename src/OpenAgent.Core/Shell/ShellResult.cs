namespace OpenAgent.Core.Shell;

/// <summary>
/// The outcome of a shell command.
/// </summary>
/// <param name="ExitCode">The exit code; <see langword="null"/> when the command was stopped.</param>
/// <param name="Output">Standard output and standard error, interleaved in the order written, cut at the cap.</param>
/// <param name="CutCharacters">How many characters of output were left out because of the cap.</param>
/// <param name="TimedOut">Whether the command was stopped because it ran too long.</param>
public sealed record ShellResult(int? ExitCode, string Output, long CutCharacters, bool TimedOut);
