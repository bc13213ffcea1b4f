using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DevLoop.Compiler;

/// <summary>
/// An edit nobody made, to warm the compiler up with (JIT its code before the user's first edits
/// need it): a mark added to a string literal in a method body, as a source file's bytes.
/// </summary>
public static class MadeUpEdit
{
    /// <summary>The file and its bytes with one mark, then two, added to a literal; null when no body holds a string literal.</summary>
    public static (string File, IReadOnlyList<byte[]> Versions)? Of(IEnumerable<SyntaxTree> trees, System.Text.Encoding? encoding)
    {
        var literal = trees
            .SelectMany(t => t.GetRoot().DescendantTokens())
            .FirstOrDefault(t => t.IsKind(SyntaxKind.StringLiteralToken) && t.Parent!.Ancestors().Any(a => a is BlockSyntax or ArrowExpressionClauseSyntax or LambdaExpressionSyntax));
        if (literal.Parent is null)
        {
            return null;
        }

        var versions = new[] { "·", "··" }
            .Select(mark => literal.SyntaxTree!.GetText().Replace(literal.Span, SyntaxFactory.Literal(literal.ValueText + mark).Text))
            .Select(text => (encoding ?? System.Text.Encoding.UTF8).GetBytes(text.ToString()))
            .ToList();
        return (literal.SyntaxTree!.FilePath, versions);
    }
}
