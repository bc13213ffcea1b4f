using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DevLoop.HotReload;

/// <summary>
/// Body edits that make the compiler add a field the running app's objects never had set: an
/// accessor that starts using the `field` keyword (a new backing field), a method that starts using a
/// primary constructor's parameter (a field the constructor fills, which ran already). A delta would
/// add them empty.
/// </summary>
internal static class HiddenFields
{
    public static string? Problem(SyntaxNode oldMember, SyntaxNode newMember, SemanticModel oldModel, SemanticModel newModel)
    {
        if (UsesFieldKeyword(newMember) && !UsesFieldKeyword(oldMember))
        {
            return "an accessor now uses the field keyword (a new backing field, which the running app never set)";
        }

        // Binding every name of the body costs: only where a primary constructor can be captured.
        return !newMember.Ancestors().OfType<TypeDeclarationSyntax>().Any(t => t.ParameterList is not null)
            || PrimaryConstructorParameters(newMember, newModel).IsSubsetOf(PrimaryConstructorParameters(oldMember, oldModel))
            ? null
            : "a member now uses a primary constructor's parameter (a field that objects made before never got)";
    }

    private static bool UsesFieldKeyword(SyntaxNode member) => member.DescendantNodes().Any(n => n.IsKind(SyntaxKind.FieldExpression));

    private static HashSet<string> PrimaryConstructorParameters(SyntaxNode member, SemanticModel model) =>
        member.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Select(n => model.GetSymbolInfo(n).Symbol)
            .OfType<IParameterSymbol>()
            .Where(p => p.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                && constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax))
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);
}
