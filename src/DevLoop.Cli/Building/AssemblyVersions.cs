using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DevLoop.Cli.Building;

/// <summary>An assembly's version and file version, as the app's deps.json records them for a referenced project.</summary>
internal static class AssemblyVersions
{
    /// <summary>The versions of the assembly in this file, or null when there is none.</summary>
    public static string? Of(string path) => File.Exists(path) ? Of(File.ReadAllBytes(path)) : null;

    public static string Of(byte[] assembly)
    {
        using var reader = new PEReader(new MemoryStream(assembly));
        var metadata = reader.GetMetadataReader();
        var definition = metadata.GetAssemblyDefinition();
        return $"{definition.Version} / {FileVersion(metadata, definition) ?? "none"}";
    }

    private static string? FileVersion(MetadataReader metadata, AssemblyDefinition definition)
    {
        foreach (var handle in definition.GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference
                || metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent is not { Kind: HandleKind.TypeReference } parent
                || metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name) != "AssemblyFileVersionAttribute")
            {
                continue;
            }

            // The blob: the prolog (0x0001), then the one string argument.
            var value = metadata.GetBlobReader(attribute.Value);
            value.ReadUInt16();
            return value.ReadSerializedString();
        }

        return null;
    }
}
