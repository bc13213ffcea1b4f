using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DevLoop.HotReload;

/// <summary>
/// Attributes on methods that only compilers, analyzers, debuggers and editors read ([Obsolete],
/// System.Diagnostics.CodeAnalysis, the Debugger* ones, [EditorBrowsable]): adding, changing or
/// removing them changes nothing a running app does, so a delta may carry them. Any other attribute
/// may be read by the app or a framework once, at startup (routes, authorization, serialization), and
/// its change restarts.
/// </summary>
internal static class ToolAttributes
{
    /// <summary>The attribute lists (or, in a list that holds others too, the attributes) of tool-only attributes on the file's methods.</summary>
    public static IReadOnlyList<SyntaxNode> On(SyntaxNode root, SemanticModel model)
    {
        var found = new List<SyntaxNode>();
        foreach (var list in root.DescendantNodes(n => n is not BlockSyntax and not ArrowExpressionClauseSyntax).OfType<AttributeListSyntax>())
        {
            if (list.Parent is not BaseMethodDeclarationSyntax || list.Target is not null)
            {
                continue;
            }

            var toolOnly = list.Attributes.Where(a => IsToolOnly(a, model)).ToList();
            found.AddRange(toolOnly.Count == list.Attributes.Count ? new SyntaxNode[] { list } : toolOnly);
        }

        return found;
    }

    private static bool IsToolOnly(AttributeSyntax attribute, SemanticModel model)
    {
        var type = (model.GetSymbolInfo(attribute).Symbol as IMethodSymbol)?.ContainingType;
        var ns = type?.ContainingNamespace.ToDisplayString();
        return type is not null && (
            (ns == "System" && type.Name == "ObsoleteAttribute")
            || ns == "System.Diagnostics.CodeAnalysis"
            || (ns == "System.Diagnostics" && type.Name.StartsWith("Debugger", StringComparison.Ordinal))
            || (ns == "System.ComponentModel" && type.Name == "EditorBrowsableAttribute"));
    }
}
