using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using OpenAgent.Core.Workspace;

namespace OpenAgent.AspNetCore;

/// <summary>Previews, uploads and downloads in a conversation's workspace, never outside it and never into its state folders.</summary>
internal static class WorkspaceFileService
{
    private static readonly Dictionary<string, string> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        [".cs"] = "csharp", [".csproj"] = "xml", [".sln"] = "text", [".py"] = "python", [".js"] = "javascript", [".mjs"] = "javascript",
        [".ts"] = "typescript", [".tsx"] = "tsx", [".jsx"] = "jsx", [".json"] = "json", [".md"] = "markdown", [".html"] = "html",
        [".htm"] = "html", [".css"] = "css", [".scss"] = "scss", [".xml"] = "xml", [".yaml"] = "yaml", [".yml"] = "yaml",
        [".toml"] = "toml", [".sh"] = "bash", [".bash"] = "bash", [".ps1"] = "powershell", [".sql"] = "sql", [".go"] = "go",
        [".rs"] = "rust", [".java"] = "java", [".kt"] = "kotlin", [".rb"] = "ruby", [".php"] = "php", [".c"] = "c", [".h"] = "c",
        [".cpp"] = "cpp", [".hpp"] = "cpp", [".swift"] = "swift", [".txt"] = "text", [".csv"] = "csv", [".ini"] = "ini",
        [".dockerfile"] = "dockerfile", [".razor"] = "razor", [".fs"] = "fsharp", [".vb"] = "vbnet", [".r"] = "r", [".lua"] = "lua",
    };

    private static readonly HashSet<string> BinaryExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".pdf", ".zip", ".gz", ".tar", ".7z", ".rar", ".exe", ".dll",
        ".so", ".dylib", ".bin", ".docx", ".xlsx", ".pptx", ".mp3", ".mp4", ".wav", ".woff", ".woff2", ".ttf", ".class", ".pyc",
    };

    /// <summary>Resolves a path in the workspace for reading; refuses the <c>.agent</c> folder (it holds memory).</summary>
    public static string ResolveForRead(string workspace, string path)
    {
        var full = WorkspacePaths.Resolve(workspace, path);
        var relative = WorkspacePaths.ToRelative(workspace, full);
        if (relative == ".agent" || relative.StartsWith(".agent/", StringComparison.Ordinal))
        {
            throw new WorkspacePathException($"'{path}' is in the agent's private folder.");
        }

        return full;
    }

    public static async Task<FilePreview> PreviewAsync(string workspace, string path, int limit, CancellationToken cancellationToken)
    {
        var full = ResolveForRead(workspace, path);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        }

        var relative = WorkspacePaths.ToRelative(workspace, full);
        var extension = Path.GetExtension(full);
        var language = Languages.TryGetValue(extension, out var lang) ? lang
            : string.Equals(info.Name, "Dockerfile", StringComparison.OrdinalIgnoreCase) ? "dockerfile" : null;
        if (BinaryExtensions.Contains(extension))
        {
            return new FilePreview(relative, info.Name, info.Length, Binary: true, Truncated: false, null, null);
        }

        await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
        var buffer = new byte[Math.Min(info.Length, limit)];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var head = buffer.AsSpan(0, Math.Min(read, 8192));
        if (head.Contains((byte)0))
        {
            return new FilePreview(relative, info.Name, info.Length, Binary: true, Truncated: false, language, null);
        }

        // Cut at a character boundary: a UTF-8 sequence split by the limit is dropped, not mangled.
        var length = read;
        if (info.Length > read)
        {
            while (length > 0 && (buffer[length - 1] & 0xC0) == 0x80)
            {
                length--;
            }

            if (length > 0 && buffer[length - 1] >= 0xC0)
            {
                length--;
            }
        }

        return new FilePreview(relative, info.Name, info.Length, Binary: false, Truncated: info.Length > read, language,
            Encoding.UTF8.GetString(buffer, 0, length));
    }

    public static async Task<UploadedFile> SaveUploadAsync(string workspace, string? subdir, IFormFile file, long maxBytes, CancellationToken cancellationToken)
    {
        // The client's file name is never trusted as a path: only its last segment is kept.
        var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
        if (string.IsNullOrWhiteSpace(name) || name is "." or ".." || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new WorkspacePathException($"'{file.FileName}' is not a usable file name.");
        }

        if (file.Length > maxBytes)
        {
            throw new UploadTooLargeException($"'{name}' is {file.Length:N0} bytes; uploads may be at most {maxBytes:N0} bytes.");
        }

        var target = string.IsNullOrWhiteSpace(subdir) ? name : subdir.TrimEnd('/') + "/" + name;
        var full = WorkspacePaths.Resolve(workspace, target);
        var relative = WorkspacePaths.ToRelative(workspace, full);
        var top = relative.Split('/')[0];
        if (WorkspaceFiles.StateFolders.Contains(top))
        {
            throw new WorkspacePathException($"Uploads cannot go into the state folder '{top}'.");
        }

        var written = await AtomicFile.WriteAsync(full, async (destination, ct) =>
        {
            await using var source = file.OpenReadStream();
            var buffer = new byte[81920];
            long total = 0;
            int count;
            while ((count = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                total += count;
                if (total > maxBytes)
                {
                    throw new UploadTooLargeException($"'{name}' is larger than {maxBytes:N0} bytes.");
                }

                await destination.WriteAsync(buffer.AsMemory(0, count), ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        return new UploadedFile(name, relative, written);
    }
}

/// <summary>An upload over the size limit.</summary>
internal sealed class UploadTooLargeException(string message) : IOException(message);
