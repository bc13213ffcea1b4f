using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace DevLoop.HotReload;

/// <summary>
/// DevLoop's own, deliberately narrow decision of what a delta may carry: changed bodies of existing
/// methods, constructors, operators and accessors, outside generic code, without lambdas, local
/// functions, async or iterators on either side. Anything else is a restart, with the reason; a
/// wrong delta is worse than a restart. Widened case by case, each with its test.
/// </summary>
internal static class EditAnalysis
{
    public sealed record Result(IReadOnlyList<SemanticEdit> Edits, string? RestartReason);

    public static Result Analyze(Compilation before, Compilation after)
    {
        var oldTrees = before.SyntaxTrees.ToDictionary(t => t.FilePath, StringComparer.Ordinal);
        var newTrees = after.SyntaxTrees.ToDictionary(t => t.FilePath, StringComparer.Ordinal);
        if (!oldTrees.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(newTrees.Keys))
        {
            return Restart("source files were added or removed (generated ones included)");
        }

        var edits = new List<SemanticEdit>();
        foreach (var (path, oldTree) in oldTrees)
        {
            var newTree = newTrees[path];
            if (ReferenceEquals(oldTree, newTree))
            {
                continue;
            }

            var oldRoot = oldTree.GetRoot();
            var newRoot = newTree.GetRoot();
            if (oldRoot.IsEquivalentTo(newRoot, topLevel: false))
            {
                continue;
            }

            var file = Path.GetFileName(path);
            if (!oldRoot.IsEquivalentTo(newRoot, topLevel: true))
            {
                return Restart($"a declaration changed in {file} (a signature, a member or type added or removed, an attribute)");
            }

            var oldMembers = Bodied(oldRoot).ToList();
            var newMembers = Bodied(newRoot).ToList();
            if (oldMembers.Count != newMembers.Count || HasChangedOutsideBodies(oldRoot, newRoot, oldMembers, newMembers))
            {
                return Restart($"something other than a method body changed in {file} (an initializer or top-level statements)");
            }

            var oldModel = before.GetSemanticModel(oldTree);
            var newModel = after.GetSemanticModel(newTree);
            for (var i = 0; i < oldMembers.Count; i++)
            {
                if (oldMembers[i].IsEquivalentTo(newMembers[i], topLevel: false))
                {
                    continue;
                }

                if ((Unsupported(oldMembers[i]) ?? Unsupported(newMembers[i])) is { } why)
                {
                    return Restart($"{why} in {Describe(newMembers[i])} in {file}");
                }

                var oldSymbol = oldModel.GetDeclaredSymbol(oldMembers[i]);
                var newSymbol = newModel.GetDeclaredSymbol(newMembers[i]);
                if (oldSymbol is not IMethodSymbol oldMethod || newSymbol is not IMethodSymbol newMethod || IsGeneric(newMethod))
                {
                    return Restart($"{Describe(newMembers[i])} in {file} is generic or not a method");
                }

                edits.Add(new SemanticEdit(SemanticEditKind.Update, oldMethod, newMethod));
            }
        }

        return new Result(edits, null);
    }

    private static Result Restart(string reason) => new(Array.Empty<SemanticEdit>(), reason);

    /// <summary>Members whose body a delta may replace: methods, constructors, operators, accessors.</summary>
    private static IEnumerable<SyntaxNode> Bodied(SyntaxNode root) =>
        root.DescendantNodes(n => n is not BlockSyntax and not ArrowExpressionClauseSyntax)
            .Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax);

    /// <summary>Whether the files differ anywhere but inside those members (a field initializer, a top-level statement, an expression-bodied property).</summary>
    private static bool HasChangedOutsideBodies(SyntaxNode oldRoot, SyntaxNode newRoot, IReadOnlyList<SyntaxNode> oldMembers, IReadOnlyList<SyntaxNode> newMembers) =>
        !Hollow(oldRoot, oldMembers).IsEquivalentTo(Hollow(newRoot, newMembers), topLevel: false);

    private static SyntaxNode Hollow(SyntaxNode root, IReadOnlyList<SyntaxNode> members) =>
        root.ReplaceNodes(members, (original, _) => original switch
        {
            BaseMethodDeclarationSyntax method => method.WithBody(null).WithExpressionBody(null),
            AccessorDeclarationSyntax accessor => accessor.WithBody(null).WithExpressionBody(null),
            _ => original,
        });

    private static string? Unsupported(SyntaxNode member)
    {
        if (member.DescendantNodes().Any(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
        {
            return "a lambda or local function";
        }

        if (member.DescendantNodes().Any(n => n is YieldStatementSyntax or AwaitExpressionSyntax)
            || (member is BaseMethodDeclarationSyntax m && m.Modifiers.Any(SyntaxKind.AsyncKeyword)))
        {
            return "an async method or iterator";
        }

        return member.DescendantNodes().Any(n => n is QueryExpressionSyntax) ? "a query expression" : null;
    }

    private static bool IsGeneric(IMethodSymbol method)
    {
        if (method.IsGenericMethod)
        {
            return true;
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(SyntaxNode member) => member switch
    {
        MethodDeclarationSyntax method => $"method {method.Identifier.Text}",
        ConstructorDeclarationSyntax ctor => $"constructor of {ctor.Identifier.Text}",
        AccessorDeclarationSyntax accessor => $"{accessor.Keyword.Text} accessor",
        _ => member.Kind().ToString(),
    };
}
