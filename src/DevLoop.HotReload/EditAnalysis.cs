using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace DevLoop.HotReload;

/// <summary>
/// DevLoop's own, deliberately narrow decision of what a delta may carry: changed bodies of existing
/// methods, constructors (not static ones), operators and accessors, outside generic code, without
/// async or iterators on either side; where a body (or the top-level statements) holds lambdas or
/// local functions, only their bodies may change (<see cref="Lambdas"/>); and new methods, constants
/// and classes (<see cref="Insertions"/>). Anything else is a restart, with the reason; a
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
            var (added, notInsertable) = Insertions.Find(oldRoot, newRoot);
            if (notInsertable is not null)
            {
                return Restart($"{notInsertable} in {file}");
            }

            // The new version without what it added must declare what the old one did.
            var withoutAdded = added.Count == 0 ? newRoot : newRoot.RemoveNodes(added, SyntaxRemoveOptions.KeepNoTrivia)!;
            if (!WithoutGlobalStatements(oldRoot).IsEquivalentTo(WithoutGlobalStatements(withoutAdded), topLevel: true))
            {
                return Restart($"a declaration changed in {file} (a signature, a member or type removed or changed, an attribute)");
            }

            var oldMembers = Bodied(oldRoot).ToList();
            var newMembers = Bodied(newRoot).Where(m => !added.Any(a => a.FullSpan.Contains(m.Span))).ToList();
            if (oldMembers.Count != newMembers.Count || HasChangedOutsideBodies(oldRoot, withoutAdded, oldMembers, Bodied(withoutAdded).ToList()))
            {
                return Restart($"something other than a method body changed in {file} (an initializer, or a property's expression body)");
            }

            var oldModel = before.GetSemanticModel(oldTree);
            var newModel = after.GetSemanticModel(newTree);
            foreach (var declaration in added)
            {
                var symbols = declaration is FieldDeclarationSyntax field
                    ? field.Declaration.Variables.Select(v => newModel.GetDeclaredSymbol(v))
                    : new[] { newModel.GetDeclaredSymbol(declaration) };
                foreach (var symbol in symbols)
                {
                    if (symbol is null)
                    {
                        return Restart($"a declaration added to {file} was not found");
                    }

                    edits.Add(new SemanticEdit(SemanticEditKind.Insert, null, symbol));
                }
            }

            if (TopLevelStatementsEdit(oldRoot, newRoot, oldModel, newModel, Lambdas.PositionalMap(oldRoot, newRoot), file) is { } topLevel)
            {
                if (topLevel.Reason is { } why)
                {
                    return Restart(why);
                }

                edits.Add(topLevel.Edit!.Value);
            }

            for (var i = 0; i < oldMembers.Count; i++)
            {
                if (oldMembers[i].IsEquivalentTo(newMembers[i], topLevel: false))
                {
                    continue;
                }

                if (oldMembers[i] is ConstructorDeclarationSyntax staticConstructor && staticConstructor.Modifiers.Any(SyntaxKind.StaticKeyword))
                {
                    return Restart($"the static constructor of {staticConstructor.Identifier.Text} in {file} changed (it ran already; a restart runs it again)");
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

                if (!Lambdas.Any(new[] { oldMembers[i] }) && !Lambdas.Any(new[] { newMembers[i] }))
                {
                    edits.Add(new SemanticEdit(SemanticEditKind.Update, oldMethod, newMethod));
                    continue;
                }

                // Positions within the member: members added before it do not move its lambdas.
                var map = Lambdas.PositionalMap(oldMembers[i], newMembers[i]);
                if (Lambdas.OnlyBodiesChanged(new[] { oldMembers[i] }, new[] { newMembers[i] }, oldModel, newModel, map) is { } lambdaWhy)
                {
                    return Restart($"{lambdaWhy} in {Describe(newMembers[i])} in {file}");
                }

                edits.Add(new SemanticEdit(SemanticEditKind.Update, oldMethod, newMethod, map, runtimeRudeEdit: null));
            }
        }

        return new Result(edits, null);
    }

    private static Result Restart(string reason) => new(Array.Empty<SemanticEdit>(), reason);

    /// <summary>
    /// The edit of the top-level statements (the compiler's Main), when they changed: only inside
    /// their lambdas (a minimal API's handlers), or why not; null when they did not change.
    /// </summary>
    private static (SemanticEdit? Edit, string? Reason)? TopLevelStatementsEdit(SyntaxNode oldRoot, SyntaxNode newRoot, SemanticModel oldModel, SemanticModel newModel, Func<SyntaxNode, SyntaxNode?> map, string file)
    {
        var oldStatements = GlobalStatements(oldRoot);
        var newStatements = GlobalStatements(newRoot);
        if (oldStatements.Count == newStatements.Count && oldStatements.Zip(newStatements).All(p => p.First.IsEquivalentTo(p.Second, topLevel: false)))
        {
            return null;
        }

        if (oldStatements.Count != newStatements.Count || !Lambdas.Any(oldStatements))
        {
            return (null, $"top-level statements changed in {file} (they ran once, at startup; only the lambdas among them can be updated)");
        }

        if (oldStatements.Concat(newStatements).Any(s => s.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax).Any(n => n is AwaitExpressionSyntax or YieldStatementSyntax or QueryExpressionSyntax)))
        {
            return (null, $"top-level statements with await changed in {file}");
        }

        if (Lambdas.OnlyBodiesChanged(oldStatements, newStatements, oldModel, newModel, map) is { } why)
        {
            return (null, $"{why} in the top-level statements in {file}");
        }

        if (oldModel.GetEnclosingSymbol(oldStatements[0].SpanStart) is not IMethodSymbol oldMain || newModel.GetEnclosingSymbol(newStatements[0].SpanStart) is not IMethodSymbol newMain)
        {
            return (null, $"the top-level statements' method in {file} was not found");
        }

        return (new SemanticEdit(SemanticEditKind.Update, oldMain, newMain, map, runtimeRudeEdit: null), null);
    }

    private static IReadOnlyList<SyntaxNode> GlobalStatements(SyntaxNode root) =>
        root is CompilationUnitSyntax unit ? unit.Members.OfType<GlobalStatementSyntax>().Cast<SyntaxNode>().ToList() : Array.Empty<SyntaxNode>();

    /// <summary>Members whose body a delta may replace: methods, constructors, operators, accessors.</summary>
    private static IEnumerable<SyntaxNode> Bodied(SyntaxNode root) =>
        root.DescendantNodes(n => n is not BlockSyntax and not ArrowExpressionClauseSyntax)
            .Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax);

    /// <summary>Whether the files differ anywhere but inside those members (a field initializer, a top-level statement, an expression-bodied property).</summary>
    private static bool HasChangedOutsideBodies(SyntaxNode oldRoot, SyntaxNode newRoot, IReadOnlyList<SyntaxNode> oldMembers, IReadOnlyList<SyntaxNode> newMembers) =>
        !Hollow(oldRoot, oldMembers).IsEquivalentTo(Hollow(newRoot, newMembers), topLevel: false);

    private static SyntaxNode Hollow(SyntaxNode root, IReadOnlyList<SyntaxNode> members)
    {
        var hollow = root.ReplaceNodes(members, (original, _) => original switch
        {
            BaseMethodDeclarationSyntax method => method.WithBody(null).WithExpressionBody(null),
            AccessorDeclarationSyntax accessor => accessor.WithBody(null).WithExpressionBody(null),
            _ => original,
        });

        return WithoutGlobalStatements(hollow);
    }

    /// <summary>The file without its top-level statements, which are compared on their own (<see cref="TopLevelStatementsEdit"/>).</summary>
    private static SyntaxNode WithoutGlobalStatements(SyntaxNode root) =>
        root is CompilationUnitSyntax unit ? unit.WithMembers(SyntaxFactory.List(unit.Members.Where(m => m is not GlobalStatementSyntax))) : root;

    private static string? Unsupported(SyntaxNode member)
    {
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
