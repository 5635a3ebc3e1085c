using System;
using System.IO;
using System.Runtime.Versioning;
using OpenAgent.Core.Shell;
using Xunit;

namespace OpenAgent.Core.Tests.Shell;

/// <summary>Which commands start without bash: only those bash would run exactly as written.</summary>
public sealed class PlainCommandTests
{
    private const string Path = "/usr/local/bin:/usr/bin:/bin";

    [Theory]
    [InlineData("ls", "/usr/bin/ls")]
    [InlineData("  git   status  ", "/usr/bin/git")]
    [InlineData("cat notes/a.txt b-1.md", "/usr/bin/cat")]
    [InlineData("true", "/usr/bin/true")]
    [InlineData("/usr/bin/env", "/usr/bin/env")]
    public void A_command_of_plain_words_naming_a_program_starts_directly(string command, string program)
    {
        if (!File.Exists(program))
        {
            Assert.Skip($"{program} is not installed here.");
        }

        var plain = PlainCommand.Resolve(command, Path, "/tmp");

        Assert.NotNull(plain);
        Assert.Equal(program, plain.Program);
        Assert.Equal(command.Split(' ', StringSplitOptions.RemoveEmptyEntries), plain.Arguments);
    }

    [Theory]
    [InlineData("ls | wc -l")]
    [InlineData("ls; rm x")]
    [InlineData("ls > out.txt")]
    [InlineData("ls $HOME")]
    [InlineData("ls ~")]
    [InlineData("ls *.txt")]
    [InlineData("cat 'a b'")]
    [InlineData("ls\nrm x")]
    [InlineData("A=1 ls")]
    [InlineData("echo hi")]
    [InlineData("cd src")]
    [InlineData("true --help")]
    [InlineData("pwd")]
    [InlineData("no-such-program-here")]
    [InlineData("")]
    public void Anything_bash_would_expand_chain_or_run_itself_goes_through_bash(string command) =>
        Assert.Null(PlainCommand.Resolve(command, Path, "/tmp"));

    [Fact]
    [SupportedOSPlatform("linux")]
    public void A_relative_program_is_found_from_the_working_folder_and_must_be_executable()
    {
        var folder = Directory.CreateTempSubdirectory("openagent-plain-").FullName;
        try
        {
            var tool = System.IO.Path.Combine(folder, "tool.sh");
            File.WriteAllText(tool, "#!/bin/sh\necho hi\n");
            Assert.Null(PlainCommand.Resolve("./tool.sh", Path, folder));

            File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            Assert.Equal(tool, PlainCommand.Resolve("./tool.sh --flag", Path, folder)?.Program);
            Assert.Null(PlainCommand.Resolve("ls", null, folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
