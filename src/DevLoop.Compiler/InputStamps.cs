using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using Microsoft.CodeAnalysis.CSharp;

namespace DevLoop.Compiler;

/// <summary>
/// What each file a compilation read when it was made, other than its sources, additional files and
/// analyzer config (read again on every compile), held then: references, analyzers and generators,
/// resources, the Win32 resources, source link and rule set. A file that holds something else now (an IDE's build of a
/// referenced project, a branch switch, a restore) means the compilation no longer stands for the
/// build. A file written again with the same content (a rebuild) is the same: an assembly by its
/// MVID (deterministic builds derive it from the content), any other file by its hash.
/// </summary>
internal sealed class InputStamps
{
    private readonly List<Stamp> _files;

    private InputStamps(List<Stamp> files)
    {
        _files = files;
    }

    public static InputStamps Of(CSharpCommandLineArguments arguments, IEnumerable<string> rawArguments)
    {
        var paths = arguments.MetadataReferences.Select(r => Path.GetFullPath(r.Reference, arguments.BaseDirectory!))
            .Concat(arguments.AnalyzerReferences.Select(r => r.FilePath))
            .Concat(arguments.EmbeddedFiles.Select(f => f.Path))
            .Concat(new[] { arguments.Win32ResourceFile, arguments.Win32Icon, arguments.Win32Manifest, arguments.SourceLink, arguments.RuleSetPath }.OfType<string>())
            .Concat(Resources(rawArguments, arguments.BaseDirectory!))
            .Concat(GitHead(arguments.BaseDirectory!))
            .Except(arguments.SourceFiles.Select(f => f.Path), StringComparer.Ordinal)
            .Distinct(StringComparer.Ordinal);
        return new InputStamps(paths.Select(Stamp.Of).ToList());
    }

    /// <summary>The first input that holds something else than it did, or null.</summary>
    public string? FirstChanged() => _files.FirstOrDefault(f => !f.Holds())?.Path;

    /// <summary>Every input that holds something else than it did.</summary>
    public IReadOnlyList<string> AllChanged() => _files.Where(f => !f.Holds()).Select(f => f.Path).ToList();

    /// <summary>
    /// These inputs stamped as they are now, before the compilation reads them again; the stamps are
    /// taken only when the returned action is called, once it has read them all.
    /// </summary>
    public Action Restamp(IReadOnlyCollection<string> paths)
    {
        var fresh = Enumerable.Range(0, _files.Count).Where(i => paths.Contains(_files[i].Path)).Select(i => (Index: i, Stamp: Stamp.Of(_files[i].Path))).ToList();
        return () =>
        {
            foreach (var (index, stamp) in fresh)
            {
                _files[index] = stamp;
            }
        };
    }

    /// <summary>Why a compilation whose input this is no longer stands for the build, for the user.</summary>
    public static string Describe(string input) =>
        input.Contains(Path.DirectorySeparatorChar + ".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? "git's HEAD moved since the compilation was made (a commit or a checkout: the build writes the commit into the assembly)"
            : $"{Path.GetFileName(input)} changed since the compilation was made";

    /// <summary>
    /// The files that say which commit is checked out (HEAD, the branch's ref, packed-refs), when the
    /// project is in a git repository: the SDK writes the commit into the assembly's informational
    /// version and source link, through a source the build generates, so a commit means a build.
    /// </summary>
    private static IEnumerable<string> GitHead(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var dotGit = Path.Combine(dir.FullName, ".git");
            var gitDir = Directory.Exists(dotGit) ? dotGit
                : File.Exists(dotGit) && File.ReadAllText(dotGit).Trim() is var link && link.StartsWith("gitdir:", StringComparison.Ordinal) ? Path.GetFullPath(link["gitdir:".Length..].Trim(), dir.FullName)
                : null;
            if (gitDir is null)
            {
                continue;
            }

            var common = File.Exists(Path.Combine(gitDir, "commondir")) ? Path.GetFullPath(File.ReadAllText(Path.Combine(gitDir, "commondir")).Trim(), gitDir) : gitDir;
            var head = Path.Combine(gitDir, "HEAD");
            var files = new List<string> { head, Path.Combine(common, "packed-refs") };
            if (File.Exists(head) && File.ReadAllText(head).Trim() is var text && text.StartsWith("ref:", StringComparison.Ordinal))
            {
                files.Add(Path.Combine(common, text["ref:".Length..].Trim()));
            }

            return files;
        }

        return Array.Empty<string>();
    }

    /// <summary>The files of /resource: and /linkresource: (path[,name[,public|private]]), which the parsed arguments do not name.</summary>
    private static IEnumerable<string> Resources(IEnumerable<string> rawArguments, string baseDirectory)
    {
        foreach (var argument in rawArguments)
        {
            foreach (var prefix in new[] { "/resource:", "-resource:", "/res:", "-res:", "/linkresource:", "-linkresource:", "/linkres:", "-linkres:" })
            {
                if (argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    var path = argument[prefix.Length..].Split(',')[0].Trim('"');
                    yield return Path.GetFullPath(path, baseDirectory);
                }
            }
        }
    }

    private sealed class Stamp(string path, long length, DateTime written, string? identity)
    {
        public string Path { get; } = path;

        public static Stamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new Stamp(path, info.Length, info.LastWriteTimeUtc, Identity(path)) : new Stamp(path, -1, default, null);
        }

        /// <summary>Whether the file holds what it held: the same size and time, or else the same identity.</summary>
        public bool Holds()
        {
            var info = new FileInfo(Path);
            if (!info.Exists || identity is null)
            {
                return !info.Exists && identity is null;
            }

            return (info.Length == length && info.LastWriteTimeUtc == written) || Identity(Path) == identity;
        }

        private static string? Identity(string path)
        {
            try
            {
                using var stream = File.OpenRead(path);
                if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && ModuleId(stream) is { } mvid)
                {
                    return "mvid:" + mvid;
                }

                stream.Position = 0;
                return "sha256:" + Convert.ToHexString(SHA256.HashData(stream));
            }
            catch (IOException)
            {
                // Being written: it does not hold what it held.
                return "unreadable";
            }
        }

        private static Guid? ModuleId(Stream stream)
        {
            try
            {
                using var reader = new PEReader(stream, PEStreamOptions.LeaveOpen);
                if (!reader.HasMetadata)
                {
                    return null;
                }

                var metadata = reader.GetMetadataReader();
                return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
            }
            catch (BadImageFormatException)
            {
                return null;
            }
        }
    }
}
