using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DevLoop.HotReload;

/// <summary>Where a compilation uses a symbol, and the method each use is in.</summary>
internal static class Uses
{
    public static IEnumerable<SimpleNameSyntax> Of(ISymbol symbol, Compilation compilation) =>
        compilation.SyntaxTrees.SelectMany(tree =>
        {
            var model = compilation.GetSemanticModel(tree);
            return tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>()
                .Where(n => n.Identifier.Text == symbol.Name)
                .Where(n => Is(model.GetSymbolInfo(n).Symbol, symbol) || model.GetSymbolInfo(n).CandidateSymbols.Any(c => Is(c, symbol)));
        });

    /// <summary>The method whose body holds the use (a lambda's or local function's own method counts as it).</summary>
    public static IMethodSymbol? EnclosingMethod(SyntaxNode use, Compilation compilation)
    {
        var symbol = compilation.GetSemanticModel(use.SyntaxTree).GetEnclosingSymbol(use.SpanStart);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol as IMethodSymbol;
    }

    private static bool Is(ISymbol? found, ISymbol symbol) => SymbolEqualityComparer.Default.Equals(found?.OriginalDefinition, symbol);
}
