using Microsoft.CodeAnalysis;

namespace DevLoop.HotReload;

/// <summary>
/// A new member or type whose name the code already uses may change what unchanged code binds to
/// (an overload a call now prefers, a member that hides another, a constant that shadows one), and
/// that code would not be compiled again. So a new declaration must have a name the code does not
/// use yet, except as the methods the same save removes (whose callers are compiled again), and must
/// not be one the compiler calls without naming it (a query's Select, foreach's GetEnumerator, await's
/// GetAwaiter, a collection initializer's Add, Deconstruct, Dispose).
/// </summary>
internal static class NameClashes
{
    public static readonly IReadOnlySet<string> CompilerPatterns = new HashSet<string>(StringComparer.Ordinal)
    {
        "Select", "SelectMany", "Where", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "GroupBy", "Join", "GroupJoin", "Cast",
        "GetEnumerator", "GetAsyncEnumerator", "MoveNext", "MoveNextAsync", "Current", "Dispose", "DisposeAsync",
        "GetAwaiter", "GetResult", "IsCompleted", "OnCompleted", "UnsafeOnCompleted",
        "Add", "Deconstruct", "Slice", "GetPinnableReference", "Invoke", "Create", "Main", "Equals", "GetHashCode", "ToString", "Finalize",
    };

    /// <summary>Why one of the new declarations could change what unchanged code does; null when none can.</summary>
    public static string? Problem(IReadOnlyList<ISymbol> added, Compilation before, IReadOnlyCollection<IMethodSymbol> removed)
    {
        // A new static class's extension methods can take over calls by name, too.
        var named = added.Concat(added.OfType<INamedTypeSymbol>().SelectMany(t => t.GetMembers().OfType<IMethodSymbol>().Where(m => m.IsExtensionMethod))).ToList();
        if (named.FirstOrDefault(s => s is not INamedTypeSymbol && CompilerPatterns.Contains(s.Name)) is { } pattern)
        {
            return $"a new member {pattern.Name} is one the compiler calls without its name (queries, foreach, await, initializers), so unchanged code could call it";
        }

        var names = named.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return null;
        }

        foreach (var tree in before.SyntaxTrees)
        {
            SemanticModel? model = null;
            foreach (var token in tree.GetRoot().DescendantTokens())
            {
                if (!token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken) || !names.Contains(token.ValueText))
                {
                    continue;
                }

                model ??= before.GetSemanticModel(tree);
                var node = token.Parent!;
                var symbol = model.GetDeclaredSymbol(node) ?? model.GetSymbolInfo(node).Symbol ?? model.GetSymbolInfo(node).CandidateSymbols.FirstOrDefault();
                if (symbol is IMethodSymbol method && removed.Contains(method.OriginalDefinition, SymbolEqualityComparer.Default))
                {
                    continue;
                }

                return $"the new {token.ValueText} has the name of code that exists (an overload, a member that hides another or a constant that shadows one changes what unchanged code calls)";
            }
        }

        return null;
    }
}
