using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace DevLoop.HotReload;

/// <summary>
/// Removed methods (a rename, or a new signature, removes one method and adds another). The running
/// app keeps the old method; a delta turns its body into a throw. That is right only when nothing can
/// reach it any more: every use of it was a plain call in a method the same delta compiles again
/// (changed, or unchanged but now calling the new overload), none made a delegate of it (a minimal
/// API's handler, an event) or named it, and no framework finds it by reflection — it is private or
/// internal, or sits in a static class of an application (controllers, hubs and pages are instance
/// types).
/// </summary>
internal static class Removals
{
    /// <summary>
    /// The methods that call a removed one (the delta must compile them again: changed, or calling the
    /// new overload), or why the removed methods cannot be deleted by a delta.
    /// </summary>
    public static (IReadOnlyList<IMethodSymbol> Callers, string? Reason) Callers(IReadOnlyList<IMethodSymbol> removed, Compilation before)
    {
        var callers = new List<IMethodSymbol>();
        foreach (var method in removed)
        {
            var reachable = method.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal
                || (method.ContainingType.IsStatic && before.Options.OutputKind != OutputKind.DynamicallyLinkedLibrary);
            if (!reachable)
            {
                return (callers, $"the method {method.Name} was removed or renamed, and it is public in a type that is not static (a framework may call it by name)");
            }

            if (method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers()).Any(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method)))
            {
                return (callers, $"the method {method.Name}, an interface's, was removed or renamed");
            }

            foreach (var use in Uses.Of(method, before))
            {
                if (!IsCall(use))
                {
                    return (callers, $"the method {method.Name} was removed or renamed, and the running app may hold it as a delegate (it was used other than by a call)");
                }

                if (Uses.EnclosingMethod(use, before) is not { } caller)
                {
                    return (callers, $"the method {method.Name} was removed or renamed, and it was called from an initializer");
                }

                callers.Add(caller);
            }
        }

        return (callers, null);
    }

    /// <summary>The edit that deletes the method: its old symbol, and its type in the new compilation.</summary>
    public static SemanticEdit Delete(IMethodSymbol method, Compilation after) =>
        new(SemanticEditKind.Delete, method, after.GetTypeByMetadataName(MetadataName(method.ContainingType)), syntaxMap: null, runtimeRudeEdit: null);

    private static bool IsCall(SimpleNameSyntax name)
    {
        SyntaxNode callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
        return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee;
    }

    private static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? MetadataName(outer) + "+" + type.MetadataName
        : type.ContainingNamespace.IsGlobalNamespace ? type.MetadataName
        : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
}
