using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DevLoop.HotReload;

/// <summary>
/// Removed methods (a rename, or a new signature, removes one method and adds another). The delta
/// leaves the old method as it was in the running module, so a frame still running old code that
/// calls it (a loop) goes on working, as with any hot reload; a Delete edit would turn its body into a
/// throw and stop such an app. Leaving it is right only when nothing else can reach it: every use of it was a plain call in a method the same delta compiles again
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
            if (NameClashes.CompilerPatterns.Contains(method.Name))
            {
                return (callers, $"the method {method.Name} was removed or renamed, and the compiler may call it without its name (queries, foreach, await, initializers)");
            }

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

    /// <summary>
    /// What identifies a method in the running module: its type, name, arity and parameter types as
    /// metadata has them (nullable annotations, tuple names and aliases such as Int32 for int aside).
    /// </summary>
    public static string Key(IMethodSymbol method) =>
        MetadataName(method.ContainingType) + "::" + method.Name + "`" + method.Arity + "("
        + string.Join(",", method.Parameters.Select(p => Erased(p.Type).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + " " + p.RefKind)) + ")";

    private static ITypeSymbol Erased(ITypeSymbol type) => type is INamedTypeSymbol { IsTupleType: true, TupleUnderlyingType: { } underlying } ? underlying : type;

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
