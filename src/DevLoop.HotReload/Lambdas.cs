using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DevLoop.HotReload;

/// <summary>
/// Edits inside lambdas and local functions. The compiler turns each into a method (and its captured
/// variables into a closure class); a delta updates those methods in place only when it knows which
/// new lambda is which old one (the syntax map). DevLoop allows it when nothing but the bodies of
/// the lambdas changed, each keeps its parameters and what it captures, and none of them is async,
/// an iterator or holds another lambda: then every lambda keeps its place in the tree, and the map is
/// by position. (Locals declared in a changed body may move; a local the map does not find gets a new
/// slot, which only matters to a frame running the old body, and that frame goes on with the old code.)
/// </summary>
internal static class Lambdas
{
    public static bool Any(IEnumerable<SyntaxNode> unit) => Functions(unit).Count > 0;

    /// <summary>Null when only the lambdas' bodies changed, within the limits above; otherwise why not.</summary>
    public static string? OnlyBodiesChanged(IReadOnlyList<SyntaxNode> oldUnit, IReadOnlyList<SyntaxNode> newUnit, SemanticModel oldModel, SemanticModel newModel, Func<SyntaxNode, SyntaxNode?> map)
    {
        var oldFunctions = Functions(oldUnit);
        var newFunctions = Functions(newUnit);
        if (oldFunctions.Count != newFunctions.Count)
        {
            return "a lambda or local function was added or removed";
        }

        for (var i = 0; i < oldFunctions.Count; i++)
        {
            if (!Signature(oldFunctions[i]).IsEquivalentTo(Signature(newFunctions[i]), topLevel: false))
            {
                return "a lambda's or local function's parameters or modifiers changed";
            }
        }

        if (!Hollow(oldUnit).Zip(Hollow(newUnit)).All(p => p.First.IsEquivalentTo(p.Second, topLevel: false)))
        {
            return "code beside the lambdas changed (only a lambda's body can be updated where there are lambdas)";
        }

        for (var i = 0; i < oldFunctions.Count; i++)
        {
            var (before, after) = (oldFunctions[i], newFunctions[i]);
            if (map(after) != before)
            {
                return "DevLoop could not match the lambdas of the two versions";
            }

            if (Body(before).IsEquivalentTo(Body(after), topLevel: false))
            {
                continue;
            }

            if (IsAsyncOrIterator(before) || IsAsyncOrIterator(after))
            {
                return "an async lambda or iterator changed";
            }

            if (Body(before).DescendantNodes().Any(IsFunction) || Body(after).DescendantNodes().Any(IsFunction))
            {
                return "a lambda that holds another lambda changed";
            }

            if (!Captures(before, oldModel).SetEquals(Captures(after, newModel)))
            {
                return "a lambda now captures other variables";
            }

        }

        return null;
    }

    /// <summary>
    /// When the code around the lambdas changed but the lambdas did not: the map that pairs them in
    /// order, or null when that pairing is not sure. It is sure when each keeps its place in the order,
    /// its parameters and its body (so a delegate the app holds runs what it ran), and none captures a
    /// local or a parameter (no closure class whose variables would have to be matched).
    /// </summary>
    public static Func<SyntaxNode, SyntaxNode?>? UnchangedAmongChangedCode(SyntaxNode oldMember, SyntaxNode newMember, SemanticModel oldModel, SemanticModel newModel)
    {
        var oldFunctions = Functions(new[] { oldMember });
        var newFunctions = Functions(new[] { newMember });
        if (oldFunctions.Count != newFunctions.Count)
        {
            return null;
        }

        for (var i = 0; i < oldFunctions.Count; i++)
        {
            if (!oldFunctions[i].IsEquivalentTo(newFunctions[i], topLevel: false)
                || Captures(oldFunctions[i], oldModel).Any(c => c != "this")
                || Captures(newFunctions[i], newModel).Any(c => c != "this"))
            {
                return null;
            }
        }

        var maps = oldFunctions.Zip(newFunctions, (before, after) => (After: after, Map: PositionalMap(before, after))).ToList();
        return node =>
        {
            var (after, map) = maps.FirstOrDefault(m => node.AncestorsAndSelf().Contains(m.After));
            return after is null ? null : map(node);
        };
    }

    /// <summary>
    /// Null when the lambdas and local functions of a body that had none may be added by a delta:
    /// none captures a local or a parameter (that would move the method's variables into a new
    /// closure class), none is async or an iterator, none holds another. Otherwise why not.
    /// </summary>
    public static string? FirstOnesProblem(SyntaxNode member, SemanticModel model)
    {
        foreach (var function in Functions(new[] { member }))
        {
            if (IsAsyncOrIterator(function))
            {
                return "an async lambda or iterator was added";
            }

            if (Body(function).DescendantNodes().Any(IsFunction))
            {
                return "a lambda that holds another lambda was added";
            }

            if (Captures(function, model).Any(c => c != "this"))
            {
                return "a lambda or local function that captures locals or parameters was added";
            }
        }

        return null;
    }

    /// <summary>New node → the old node at the same place in the tree (the same kind, and for a declaration the same name).</summary>
    public static Func<SyntaxNode, SyntaxNode?> PositionalMap(SyntaxNode oldRoot, SyntaxNode newRoot) => node =>
    {
        var path = new Stack<int>();
        for (var current = node; current != newRoot; current = current.Parent)
        {
            if (current.Parent is null)
            {
                return null;
            }

            path.Push(IndexIn(current.Parent, current));
        }

        var old = oldRoot;
        while (path.Count > 0)
        {
            var index = path.Pop();
            old = old.ChildNodes().ElementAtOrDefault(index);
            if (old is null)
            {
                return null;
            }
        }

        return old.RawKind == node.RawKind && DeclaredName(old) == DeclaredName(node) ? old : null;
    };

    private static List<SyntaxNode> Functions(IEnumerable<SyntaxNode> unit) =>
        unit.SelectMany(n => n.DescendantNodesAndSelf()).Where(IsFunction).ToList();

    private static bool IsFunction(SyntaxNode node) => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

    private static SyntaxNode Body(SyntaxNode function) => function switch
    {
        AnonymousFunctionExpressionSyntax lambda => lambda.Body,
        LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody!,
        _ => function,
    };

    /// <summary>The function without its body: parameters, modifiers, return type.</summary>
    private static SyntaxNode Signature(SyntaxNode function) => function switch
    {
        AnonymousFunctionExpressionSyntax lambda => lambda.WithBody(SyntaxFactory.Block()),
        LocalFunctionStatementSyntax local => local.WithBody(SyntaxFactory.Block()).WithExpressionBody(null).WithSemicolonToken(default),
        _ => function,
    };

    /// <summary>The unit with every lambda's body emptied: what must not change around them.</summary>
    private static IEnumerable<SyntaxNode> Hollow(IEnumerable<SyntaxNode> unit) =>
        unit.Select(n => n.ReplaceNodes(n.DescendantNodesAndSelf().Where(IsFunction), (_, rewritten) => Signature(rewritten)));

    private static bool IsAsyncOrIterator(SyntaxNode function) =>
        (function is AnonymousFunctionExpressionSyntax lambda && lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
        || (function is LocalFunctionStatementSyntax local && local.Modifiers.Any(SyntaxKind.AsyncKeyword))
        || Body(function).DescendantNodesAndSelf().Any(n => n is AwaitExpressionSyntax or YieldStatementSyntax or QueryExpressionSyntax);

    /// <summary>What the function uses from outside itself: locals, parameters, local functions, and `this`.</summary>
    private static HashSet<string> Captures(SyntaxNode function, SemanticModel model)
    {
        var captured = new HashSet<string>(StringComparer.Ordinal);
        var body = Body(function);
        foreach (var node in body.DescendantNodesAndSelf())
        {
            if (node is ThisExpressionSyntax or BaseExpressionSyntax)
            {
                captured.Add("this");
                continue;
            }

            if (node is not IdentifierNameSyntax name)
            {
                continue;
            }

            var symbol = model.GetSymbolInfo(name).Symbol;
            var declaredInside = symbol is not null && symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == function.SyntaxTree && function.Span.Contains(r.Span));
            switch (symbol)
            {
                case ILocalSymbol or IParameterSymbol when !declaredInside:
                case IMethodSymbol { MethodKind: MethodKind.LocalFunction } when !declaredInside:
                    captured.Add(symbol.Kind + " " + symbol.Name);
                    break;
                case { IsStatic: false } when symbol.Kind is SymbolKind.Field or SymbolKind.Property or SymbolKind.Method or SymbolKind.Event
                    && symbol.ContainingType is not null && !(name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
                    && !(name.Parent is MemberBindingExpressionSyntax):
                    captured.Add("this");
                    break;
            }
        }

        return captured;
    }

    private static string? DeclaredName(SyntaxNode node) => node switch
    {
        VariableDeclaratorSyntax variable => "variable " + variable.Identifier.Text,
        SingleVariableDesignationSyntax designation => "designation " + designation.Identifier.Text,
        ForEachStatementSyntax loop => "foreach " + loop.Identifier.Text,
        CatchDeclarationSyntax catchDeclaration => "catch " + catchDeclaration.Identifier.Text,
        _ => null,
    };

    private static int IndexIn(SyntaxNode parent, SyntaxNode child)
    {
        var index = 0;
        foreach (var sibling in parent.ChildNodes())
        {
            if (sibling == child)
            {
                return index;
            }

            index++;
        }

        throw new InvalidOperationException("A node is not among its parent's children.");
    }
}
