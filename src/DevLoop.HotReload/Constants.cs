using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DevLoop.HotReload;

/// <summary>
/// A constant's new value. The compiler copies a constant into every place that uses it, so a delta
/// compiles each method that uses it again, with the new value. Only when every use is inside a
/// method body: a use in an attribute, a parameter's default, an initializer or the top-level
/// statements was evaluated once (at startup, or into metadata) and would keep the old value.
/// </summary>
internal static class Constants
{
    /// <summary>The names (type path and name) of the file's constants whose value alone changed.</summary>
    public static IReadOnlySet<string> Changed(SyntaxNode oldRoot, SyntaxNode newRoot)
    {
        var oldValues = Declarators(oldRoot).GroupBy(Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var declarator in Declarators(newRoot))
        {
            if (oldValues.TryGetValue(Key(declarator), out var old) && old.Initializer is { } before && declarator.Initializer is { } after && !before.IsEquivalentTo(after))
            {
                changed.Add(Key(declarator));
            }
        }

        return changed;
    }

    /// <summary>The root with those constants' values all made the same, for comparing what else changed.</summary>
    public static SyntaxNode WithoutValues(SyntaxNode root, IReadOnlySet<string> changed) =>
        changed.Count == 0 ? root : root.ReplaceNodes(
            Declarators(root).Where(d => changed.Contains(Key(d))),
            (_, rewritten) => rewritten.WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression))));

    /// <summary>The old constant's symbols among the file's declarators.</summary>
    public static IEnumerable<IFieldSymbol> Symbols(SyntaxNode oldRoot, IReadOnlySet<string> changed, SemanticModel oldModel) =>
        Declarators(oldRoot).Where(d => changed.Contains(Key(d))).Select(d => oldModel.GetDeclaredSymbol(d)).OfType<IFieldSymbol>();

    /// <summary>The methods that use the constant (to be compiled again), or why its new value cannot be a delta.</summary>
    public static (IReadOnlyList<IMethodSymbol> Users, string? Reason) Users(IFieldSymbol constant, Compilation before)
    {
        var users = new List<IMethodSymbol>();
        if (constant.DeclaredAccessibility is not (Accessibility.Private or Accessibility.Internal) && before.Options.OutputKind == OutputKind.DynamicallyLinkedLibrary)
        {
            return (users, $"the constant {constant.Name} changed, and other assemblies may have copied its value");
        }

        foreach (var use in Uses.Of(constant, before))
        {
            if (!InsideBody(use))
            {
                return (users, $"the constant {constant.Name} changed, and it is used where it was evaluated once (an attribute, a default, an initializer or the top-level statements)");
            }

            if (Uses.EnclosingMethod(use, before) is not { } user)
            {
                return (users, $"the constant {constant.Name} changed, and a use of it was not found in a method");
            }

            users.Add(user);
        }

        return (users, null);
    }

    private static bool InsideBody(SyntaxNode use)
    {
        foreach (var ancestor in use.Ancestors())
        {
            switch (ancestor)
            {
                case AttributeSyntax or ParameterSyntax or GlobalStatementSyntax or EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } } or EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax or EnumMemberDeclarationSyntax }:
                    return false;
                case ArrowExpressionClauseSyntax when ancestor.Parent is BasePropertyDeclarationSyntax:
                    return true;
                case BlockSyntax or ArrowExpressionClauseSyntax when ancestor.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                    return ancestor.Parent is not ConstructorDeclarationSyntax ctor || !ctor.Modifiers.Any(SyntaxKind.StaticKeyword);
            }
        }

        return false;
    }

    private static IEnumerable<VariableDeclaratorSyntax> Declarators(SyntaxNode root) =>
        root.DescendantNodes(n => n is not BlockSyntax and not ArrowExpressionClauseSyntax)
            .OfType<FieldDeclarationSyntax>()
            .Where(f => f.Modifiers.Any(SyntaxKind.ConstKeyword))
            .SelectMany(f => f.Declaration.Variables);

    private static string Key(VariableDeclaratorSyntax declarator) =>
        Declarations.Name(declarator.Ancestors().OfType<BaseTypeDeclarationSyntax>().First()) + "." + declarator.Identifier.Text;
}
