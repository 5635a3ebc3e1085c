using System;
using System.Runtime.InteropServices;

namespace OpenAgent.Core.Workspace;

/// <summary>
/// Tells regular files and folders from devices, FIFOs and sockets, which .NET reports as ordinary files (opening a
/// FIFO blocks forever; reading a device never ends). Uses <c>lstat</c> on Linux; elsewhere it cannot tell and says so.
/// </summary>
internal static partial class UnixFileType
{
    private const uint TypeMask = 0xF000;
    private const uint Regular = 0x8000;
    private const uint Directory = 0x4000;
    private const uint SymbolicLink = 0xA000;

    /// <summary>Returns <see langword="true"/> when the entry exists and is neither a regular file, a folder nor a link.</summary>
    public static bool IsSpecial(string path)
    {
        if (!OperatingSystem.IsLinux() || ModeOffset() is not { } offset)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[256];
        if (LStat(path, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return false;
        }

        var type = BitConverter.ToUInt32(buffer.Slice(offset, 4)) & TypeMask;
        return type is not (Regular or Directory or SymbolicLink);
    }

    // Where st_mode sits in the kernel's struct stat, which glibc's stat matches on these architectures.
    private static int? ModeOffset() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 24,
        Architecture.Arm64 => 16,
        _ => null,
    };

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LStat(string path, ref byte statBuffer);
}
