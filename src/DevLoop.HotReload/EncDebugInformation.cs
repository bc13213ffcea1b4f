using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Microsoft.CodeAnalysis.Emit;

namespace DevLoop.HotReload;

/// <summary>
/// The edit-and-continue information the compiler left in the portable PDB for each method (its
/// local slots and lambdas), which a baseline needs so a delta keeps the running method's locals.
/// </summary>
internal static class EncDebugInformation
{
    private static readonly Guid LocalSlotMap = new("755F52A8-91C5-45BE-B4B8-209571E552BD");
    private static readonly Guid LambdaAndClosureMap = new("A643004C-0240-496F-A783-30D64F4979DE");

    public static Func<MethodDefinitionHandle, EditAndContinueMethodDebugInformation> Provider(MetadataReader pdb) => method =>
    {
        var slots = default(ImmutableArray<byte>);
        var lambdas = default(ImmutableArray<byte>);
        // The compiler hangs these on the method's definition, not on its MethodDebugInformation row.
        foreach (var handle in pdb.GetCustomDebugInformation((EntityHandle)method))
        {
            var info = pdb.GetCustomDebugInformation(handle);
            var kind = pdb.GetGuid(info.Kind);
            if (kind == LocalSlotMap)
            {
                slots = pdb.GetBlobContent(info.Value);
            }
            else if (kind == LambdaAndClosureMap)
            {
                lambdas = pdb.GetBlobContent(info.Value);
            }
        }

        return EditAndContinueMethodDebugInformation.Create(slots, lambdas);
    };

    /// <summary>Each method's local signature, from its body in the module.</summary>
    public static Func<MethodDefinitionHandle, StandaloneSignatureHandle> LocalSignatures(System.Reflection.PortableExecutable.PEReader module)
    {
        var metadata = module.GetMetadataReader();
        return method =>
        {
            var rva = metadata.GetMethodDefinition(method).RelativeVirtualAddress;
            return rva == 0 ? default : module.GetMethodBody(rva).LocalSignature;
        };
    }
}
