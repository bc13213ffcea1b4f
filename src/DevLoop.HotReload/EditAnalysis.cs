using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace DevLoop.HotReload;

/// <summary>
/// DevLoop's own, deliberately narrow decision of what a delta may carry: changed bodies of existing
/// methods, constructors (not static ones), operators and accessors, generic ones included; in async
/// methods and iterators, the code between suspension points (<see cref="StateMachines"/>); where a
/// body (or the top-level statements) holds lambdas or local functions, only their bodies, or only
/// the code around unchanged ones that capture nothing (<see cref="Lambdas"/>); new methods,
/// constants and classes, and removed methods nothing else reaches (<see cref="Declarations"/>,
/// <see cref="Removals"/>); a constant's new value used only in method bodies
/// (<see cref="Constants"/>); attributes only tools read (<see cref="ToolAttributes"/>). Anything
/// else is a restart, with the reason; a wrong delta is worse than a restart. Widened case by case,
/// each with its test against a running process.
/// </summary>
internal static class EditAnalysis
{
    /// <param name="DeclarationsChanged">Something besides bodies changed (a member added or removed, a constant's value, an attribute): code in files that did not change may now fail to compile.</param>
    /// <param name="Removed">The methods it removed (<see cref="Removals.Key"/>): the running module keeps them.</param>
    public sealed record Result(IReadOnlyList<SemanticEdit> Edits, string? RestartReason, bool DeclarationsChanged = false, IReadOnlyList<string>? Removed = null)
    {
        public IReadOnlyList<string> Removed { get; } = Removed ?? Array.Empty<string>();
    }

    /// <param name="kept">Methods removed by earlier deltas, which the running module still holds (<see cref="Removals.Key"/>).</param>
    public static Result Analyze(Compilation before, Compilation after, IReadOnlySet<string> kept)
    {
        var oldTrees = before.SyntaxTrees.ToDictionary(t => t.FilePath, StringComparer.Ordinal);
        var newTrees = after.SyntaxTrees.ToDictionary(t => t.FilePath, StringComparer.Ordinal);
        if (!oldTrees.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(newTrees.Keys))
        {
            return Restart("source files were added or removed (generated ones included)");
        }

        var edits = new List<SemanticEdit>();
        var removed = new List<IMethodSymbol>();
        var unchangedMembers = new Dictionary<SyntaxNode, SyntaxNode>();
        var constants = new List<IFieldSymbol>();
        var inserted = new List<ISymbol>();
        var attributesChanged = false;
        foreach (var (path, oldTree) in oldTrees)
        {
            var newTree = newTrees[path];
            if (ReferenceEquals(oldTree, newTree))
            {
                continue;
            }

            var oldRoot = oldTree.GetRoot();
            var newRoot = newTree.GetRoot();
            var file = Path.GetFileName(path);
            if (!Directives(oldRoot).SequenceEqual(Directives(newRoot)))
            {
                // Syntax equivalence does not see them, and #define, #if or #nullable change the code.
                return Restart($"preprocessor directives changed in {file}");
            }

            if (oldRoot.IsEquivalentTo(newRoot, topLevel: false))
            {
                continue;
            }

            var oldModel = before.GetSemanticModel(oldTree);
            var newModel = after.GetSemanticModel(newTree);
            var oldToolAttributes = ToolAttributes.On(oldRoot, oldModel);
            var newToolAttributes = ToolAttributes.On(newRoot, newModel);
            attributesChanged |= !oldToolAttributes.Select(a => a.ToString()).SequenceEqual(newToolAttributes.Select(a => a.ToString()));
            var (added, removedHere, notCarried) = Declarations.Diff(oldRoot, newRoot, oldToolAttributes.Concat(newToolAttributes).ToHashSet());
            if (notCarried is not null)
            {
                return Restart($"{notCarried} in {file}");
            }

            // Without what it added, what it removed, attributes only tools read and constants' values
            // (each use is compiled again, below), the new version must declare what the old one did.
            var changedConstants = Constants.Changed(oldRoot, newRoot);
            var oldBare = Constants.WithoutValues(oldRoot.RemoveNodes(removedHere.Concat(oldToolAttributes), SyntaxRemoveOptions.KeepNoTrivia)!, changedConstants);
            var newBare = Constants.WithoutValues(newRoot.RemoveNodes(added.Concat(newToolAttributes), SyntaxRemoveOptions.KeepNoTrivia)!, changedConstants);
            if (!WithoutGlobalStatements(oldBare).IsEquivalentTo(WithoutGlobalStatements(newBare), topLevel: true))
            {
                return Restart($"a declaration changed in {file} (a signature, a member or type changed, an attribute)");
            }

            var oldMembers = Bodied(oldRoot).Where(m => !removedHere.Any(r => r.FullSpan.Contains(m.Span))).ToList();
            var newMembers = Bodied(newRoot).Where(m => !added.Any(a => a.FullSpan.Contains(m.Span))).ToList();
            if (oldMembers.Count != newMembers.Count || HasChangedOutsideBodies(oldBare, newBare, Bodied(oldBare).ToList(), Bodied(newBare).ToList()))
            {
                return Restart($"something other than a method body changed in {file} (an initializer, or a property's expression body)");
            }

            constants.AddRange(Constants.Symbols(oldRoot, changedConstants, oldModel));
            foreach (var method in removedHere)
            {
                if (oldModel.GetDeclaredSymbol(method) is not { } symbol)
                {
                    return Restart($"a method removed from {file} was not found");
                }

                removed.Add(symbol);
            }

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
                    inserted.Add(symbol);
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
                    unchangedMembers[oldMembers[i]] = newMembers[i];
                    continue;
                }

                if (oldMembers[i] is ConstructorDeclarationSyntax staticConstructor && staticConstructor.Modifiers.Any(SyntaxKind.StaticKeyword))
                {
                    return Restart($"the static constructor of {staticConstructor.Identifier.Text} in {file} changed (it ran already; a restart runs it again)");
                }

                if (HiddenFields.Problem(oldMembers[i], newMembers[i], oldModel, newModel) is { } hidden)
                {
                    return Restart($"{hidden}, in {Describe(newMembers[i])} in {file}");
                }

                if (oldMembers[i].DescendantNodes().Concat(newMembers[i].DescendantNodes()).Any(n => n is QueryExpressionSyntax))
                {
                    return Restart($"a query expression in {Describe(newMembers[i])} in {file}");
                }

                var oldSymbol = oldModel.GetDeclaredSymbol(oldMembers[i]);
                var newSymbol = newModel.GetDeclaredSymbol(newMembers[i]);
                if (oldSymbol is not IMethodSymbol oldMethod || newSymbol is not IMethodSymbol newMethod)
                {
                    return Restart($"{Describe(newMembers[i])} in {file} is not a method");
                }

                if (StateMachines.IsStateMachine(oldMembers[i]) || StateMachines.IsStateMachine(newMembers[i]))
                {
                    var (stateMap, stateWhy) = StateMachines.Edit(oldMembers[i], newMembers[i], oldModel, newModel);
                    if (stateWhy is not null)
                    {
                        return Restart($"{stateWhy} in {Describe(newMembers[i])} in {file}");
                    }

                    edits.Add(new SemanticEdit(SemanticEditKind.Update, oldMethod, newMethod, stateMap, runtimeRudeEdit: null));
                    continue;
                }

                if (!Lambdas.Any(new[] { oldMembers[i] }) && !Lambdas.Any(new[] { newMembers[i] }))
                {
                    edits.Add(new SemanticEdit(SemanticEditKind.Update, oldMethod, newMethod));
                    continue;
                }

                if (IsGeneric(newMethod))
                {
                    return Restart($"{Describe(newMembers[i])} in {file} is generic and holds lambdas");
                }

                if (!Lambdas.Any(new[] { oldMembers[i] }))
                {
                    if (Lambdas.FirstOnesProblem(newMembers[i], newModel) is { } firstWhy)
                    {
                        return Restart($"{firstWhy} in {Describe(newMembers[i])} in {file}");
                    }

                    // Nothing to match: the compiler makes each new lambda a new method.
                    edits.Add(new SemanticEdit(SemanticEditKind.Update, oldMethod, newMethod));
                    continue;
                }

                // Positions within the member: members added before it do not move its lambdas.
                var map = Lambdas.PositionalMap(oldMembers[i], newMembers[i]);
                if (Lambdas.OnlyBodiesChanged(new[] { oldMembers[i] }, new[] { newMembers[i] }, oldModel, newModel, map) is { } lambdaWhy)
                {
                    if (Lambdas.UnchangedAmongChangedCode(oldMembers[i], newMembers[i], oldModel, newModel) is not { } besideMap)
                    {
                        return Restart($"{lambdaWhy} in {Describe(newMembers[i])} in {file}");
                    }

                    map = besideMap;
                }

                edits.Add(new SemanticEdit(SemanticEditKind.Update, oldMethod, newMethod, map, runtimeRudeEdit: null));
            }
        }

        if (NameClashes.Problem(inserted, before, removed) is { } clash)
        {
            return Restart(clash);
        }

        // The running module keeps every removed method: a new one with its signature in metadata
        // (a rename undone, or a parameter's type written otherwise) would be a second of the same.
        var held = kept.Concat(removed.Select(Removals.Key)).ToHashSet(StringComparer.Ordinal);
        if (inserted.OfType<IMethodSymbol>().FirstOrDefault(m => held.Contains(Removals.Key(m))) is { } again)
        {
            return Restart($"the method {again.Name} has the signature of one the running app still holds (removed by this or an earlier change, or the same signature written otherwise)");
        }

        // Methods whose text did not change but whose code does: they call a removed method's new
        // overload, or use a constant's new value. The same source, compiled again.
        var recompile = new List<(IMethodSymbol Member, string Because)>();
        if (removed.Count > 0)
        {
            var (callers, why) = Removals.Callers(removed, before);
            if (why is not null)
            {
                return Restart(why);
            }

            recompile.AddRange(callers.Select(c => (c, "calls a removed method")));
        }

        foreach (var constant in constants)
        {
            var (users, why) = Constants.Users(constant, before);
            if (why is not null)
            {
                return Restart(why);
            }

            recompile.AddRange(users.Select(u => (u, $"uses the constant {constant.Name}")));
        }

        var compiled = edits.Where(e => e.Kind == SemanticEditKind.Update).Select(e => e.OldSymbol!).Concat(removed).ToHashSet(SymbolEqualityComparer.Default);
        foreach (var (member, because) in recompile)
        {
            if (!compiled.Add(member))
            {
                continue;
            }

            if (CompileAgain(member, because, after, newTrees, unchangedMembers) is not { } edit)
            {
                return Restart($"{member.Name} {because} and cannot be compiled again on its own");
            }

            edits.Add(edit);
        }

        return new Result(edits, null, attributesChanged || inserted.Count > 0 || removed.Count > 0 || constants.Count > 0, removed.Select(Removals.Key).ToList());
    }

    private static Result Restart(string reason) => new(Array.Empty<SemanticEdit>(), reason);

    /// <summary>The update of a member whose text is the same in both versions (its file changed elsewhere, or is shared); null when it cannot be one.</summary>
    private static SemanticEdit? CompileAgain(IMethodSymbol member, string because, Compilation after, IReadOnlyDictionary<string, SyntaxTree> newTrees, IReadOnlyDictionary<SyntaxNode, SyntaxNode> unchangedMembers)
    {
        var oldNode = member.DeclaringSyntaxReferences[0].GetSyntax();
        var newNode = unchangedMembers.GetValueOrDefault(oldNode) ?? (newTrees[oldNode.SyntaxTree.FilePath] == oldNode.SyntaxTree ? oldNode : null);
        if (newNode is null || member.MethodKind == MethodKind.StaticConstructor
            || after.GetSemanticModel(newNode.SyntaxTree).GetDeclaredSymbol(newNode) is not IMethodSymbol newMember)
        {
            return null;
        }

        // Identical text: the map by position is exact, for lambdas and state machines alike.
        return new SemanticEdit(SemanticEditKind.Update, member, newMember, Lambdas.PositionalMap(oldNode, newNode), runtimeRudeEdit: null);
    }

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

    /// <summary>The file's preprocessor directives but regions, as written.</summary>
    private static IEnumerable<string> Directives(SyntaxNode root) =>
        root.DescendantTrivia(descendIntoTrivia: true)
            .Where(t => t.IsDirective && !t.IsKind(SyntaxKind.RegionDirectiveTrivia) && !t.IsKind(SyntaxKind.EndRegionDirectiveTrivia))
            .Select(t => t.ToString().Trim());

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
