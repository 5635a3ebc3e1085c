using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace OpenAgent.Core.Shell;

/// <summary>A command started by <see cref="SessionSpawn"/>.</summary>
/// <param name="Pid">Its process id, which is also its process group and session id.</param>
/// <param name="Output">Its standard output and standard error: one pipe, in the order written.</param>
/// <param name="Exited">Completes with its exit code (128 + the signal when a signal ended it; -1 when unknown).</param>
internal sealed record SpawnedCommand(int Pid, Stream Output, Task<int> Exited);

/// <summary>
/// Starts a program with glibc's <c>posix_spawn</c> as the leader of a new session, in one step: what <c>setsid</c>
/// would do without a second program to load. Standard input is <c>/dev/null</c>; standard output and standard error
/// share one pipe. Exits are noticed through <c>SIGCHLD</c> and reaped here.
/// </summary>
/// <remarks>
/// <see cref="System.Diagnostics.Process"/> cannot start a process in a new session or group, and starting
/// <c>/usr/bin/setsid</c> in front of the command costs a whole program load (about 0.8 ms here, more than the
/// command). Linux only; anything unexpected (an old C library, a failed spawn) makes the caller fall back to
/// <see cref="System.Diagnostics.Process"/> with <c>setsid</c>.
/// </remarks>
[SupportedOSPlatform("linux")]
internal static unsafe partial class SessionSpawn
{
    private const int CloseOnExec = 0x80000;
    private const short SetSignalDefaults = 0x04;
    private const short SetSignalMask = 0x08;
    private const short SetSid = 0x80;
    private const int NoHang = 1;
    private const int NoChild = 10;
    private const int OpaqueSize = 512;

    private static readonly ConcurrentDictionary<int, TaskCompletionSource<int>> Running = new();
    private static readonly Lock Gate = new();
    private static PosixSignalRegistration? _childExited;
    private static int _unavailable;

    /// <summary>Gets a value indicating whether spawning works here (Linux with the calls it needs).</summary>
    [SupportedOSPlatformGuard("linux")]
    public static bool IsSupported => OperatingSystem.IsLinux() && Volatile.Read(ref _unavailable) == 0;

    /// <summary>Starts <paramref name="path"/> in a new session.</summary>
    /// <param name="path">The program's full path.</param>
    /// <param name="arguments">Its argument vector, starting with its name.</param>
    /// <param name="environment">Its environment, as <c>NAME=value</c>.</param>
    /// <param name="workingDirectory">The folder it starts in.</param>
    /// <returns>The command, or <see langword="null"/> when this process cannot spawn that way (the caller falls back).</returns>
    /// <exception cref="Win32Exception">The program could not be started (missing, not executable, no such folder).</exception>
    public static SpawnedCommand? Start(string path, IReadOnlyList<string> arguments, IReadOnlyList<string> environment, string workingDirectory)
    {
        if (!IsSupported)
        {
            return null;
        }

        try
        {
            return StartCore(path, arguments, environment, workingDirectory);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref _unavailable, 1);
            return null;
        }
    }

    private static SpawnedCommand StartCore(string path, IReadOnlyList<string> arguments, IReadOnlyList<string> environment, string workingDirectory)
    {
        WatchExits();
        var pipe = stackalloc int[2];
        if (Pipe2(pipe, CloseOnExec) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError());
        }

        var actions = NativeMemory.AllocZeroed(OpaqueSize);
        var attributes = NativeMemory.AllocZeroed(OpaqueSize);
        var signals = NativeMemory.AllocZeroed(OpaqueSize);
        var argv = ToNative(arguments);
        var envp = ToNative(environment);
        var writeEnd = pipe[1];
        try
        {
            Check(FileActionsInit(actions));
            Check(AttributesInit(attributes));
            Check(FileActionsAddOpen(actions, 0, "/dev/null", 0, 0));
            Check(FileActionsAddDup2(actions, writeEnd, 1));
            Check(FileActionsAddDup2(actions, writeEnd, 2));
            Check(FileActionsAddChdir(actions, workingDirectory));

            // The runtime blocks and handles signals of its own: the command starts with none blocked and all default.
            _ = SigEmptySet(signals);
            Check(AttributesSetSignalMask(attributes, signals));
            _ = SigFillSet(signals);
            Check(AttributesSetSignalDefaults(attributes, signals));
            Check(AttributesSetFlags(attributes, SetSignalDefaults | SetSignalMask | SetSid));

            var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            int pid;
            Check(PosixSpawn(&pid, path, actions, attributes, argv, envp));
            Running[pid] = exited;
            _ = Close(writeEnd);
            writeEnd = -1;

            // It may have ended before it was listed, when SIGCHLD found nothing to reap.
            Reap(pid);
            var output = new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(pipe[0], ownsHandle: true));
            return new SpawnedCommand(pid, output, exited.Task);
        }
        catch
        {
            _ = Close(pipe[0]);
            throw;
        }
        finally
        {
            if (writeEnd >= 0)
            {
                _ = Close(writeEnd);
            }

            _ = FileActionsDestroy(actions);
            _ = AttributesDestroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            FreeNative(argv);
            FreeNative(envp);
        }
    }

    private static void WatchExits()
    {
        if (Volatile.Read(ref _childExited) is not null)
        {
            return;
        }

        lock (Gate)
        {
            _childExited ??= PosixSignalRegistration.Create(PosixSignal.SIGCHLD, static _ =>
            {
                foreach (var pid in Running.Keys)
                {
                    Reap(pid);
                }
            });
        }
    }

    private static void Reap(int pid)
    {
        int status;
        var reaped = WaitPid(pid, &status, NoHang);
        if (reaped == 0 || (reaped < 0 && Marshal.GetLastPInvokeError() != NoChild))
        {
            return;
        }

        if (Running.TryRemove(pid, out var exited))
        {
            // Exited normally: the code; killed by a signal: 128 + the signal, as a shell reports it.
            var signal = status & 0x7f;
            exited.TrySetResult(reaped < 0 ? -1 : signal == 0 ? (status >> 8) & 0xff : 128 + signal);
        }
    }

    private static void Check(int error)
    {
        if (error != 0)
        {
            throw new Win32Exception(error);
        }
    }

    private static nint* ToNative(IReadOnlyList<string> strings)
    {
        var array = (nint*)NativeMemory.AllocZeroed((nuint)(strings.Count + 1), (nuint)sizeof(nint));
        for (var i = 0; i < strings.Count; i++)
        {
            array[i] = Marshal.StringToCoTaskMemUTF8(strings[i]);
        }

        return array;
    }

    private static void FreeNative(nint* array)
    {
        for (var p = array; *p != 0; p++)
        {
            Marshal.FreeCoTaskMem(*p);
        }

        NativeMemory.Free(array);
    }

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int PosixSpawn(int* pid, string path, void* actions, void* attributes, nint* argv, nint* envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int FileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int FileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FileActionsAddOpen(void* actions, int fd, string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static partial int FileActionsAddDup2(void* actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FileActionsAddChdir(void* actions, string path);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int AttributesInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int AttributesDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int AttributesSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static partial int AttributesSetSignalMask(void* attributes, void* set);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static partial int AttributesSetSignalDefaults(void* attributes, void* set);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static partial int SigEmptySet(void* set);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    private static partial int SigFillSet(void* set);
}
