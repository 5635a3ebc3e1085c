using System.Globalization;
using System.Text;

namespace OpenAgent.Core.Shell;

/// <summary>
/// The outcome of a shell command.
/// </summary>
/// <param name="ExitCode">The exit code; <see langword="null"/> when the command was stopped.</param>
/// <param name="Output">Standard output and standard error, interleaved in the order written, cut at the cap.</param>
/// <param name="CutCharacters">How many characters of output were left out because of the cap.</param>
/// <param name="TimedOut">Whether the command was stopped because it ran too long.</param>
public sealed record ShellResult(int? ExitCode, string Output, long CutCharacters, bool TimedOut)
{
    /// <summary>Formats the result for the model: the output (or <c>(no output)</c>), a note on what was cut, and the exit code.</summary>
    /// <returns>The text.</returns>
    public string ToText()
    {
        var builder = new StringBuilder();
        var output = Output.TrimEnd();
        builder.Append(output.Length == 0 ? "(no output)" : output);
        if (CutCharacters > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\n... [output cut: {CutCharacters:N0} more characters]");
        }

        if (ExitCode is { } exitCode)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\n[exit code: {exitCode}]");
        }

        return builder.ToString();
    }
}
