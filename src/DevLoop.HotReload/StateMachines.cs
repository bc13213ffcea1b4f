using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DevLoop.HotReload;

/// <summary>
/// Edits of async methods and iterators. The compiler turns their body into a state machine: its
/// suspension points (await, yield, await foreach, await using) become states, and locals that live
/// across them become fields. An instance suspended in the running app resumes in the new code at
/// the state it left, with the fields it had. DevLoop allows an edit when the statements that hold a
/// suspension point are untouched (so every state and the loops, usings and trys around it stay as
/// they were) and the method declares the same locals, of the same types, in the same order (so no
/// resumed instance reads a field it never set): the code changed runs between suspension points.
/// The map then pairs those statements and declarations in order.
/// </summary>
internal static class StateMachines
{
    public static bool IsStateMachine(SyntaxNode member) =>
        (member is BaseMethodDeclarationSyntax method && method.Modifiers.Any(SyntaxKind.AsyncKeyword))
        || (member is AccessorDeclarationSyntax accessor && accessor.Modifiers.Any(SyntaxKind.AsyncKeyword))
        || member.DescendantNodes(n => !IsFunction(n)).Any(IsSuspension);

    /// <summary>Null when the edit keeps the states and the fields, with the map; otherwise why not.</summary>
    public static (Func<SyntaxNode, SyntaxNode?>? Map, string? Reason) Edit(SyntaxNode oldMember, SyntaxNode newMember, SemanticModel oldModel, SemanticModel newModel)
    {
        if (!IsStateMachine(oldMember) || !IsStateMachine(newMember))
        {
            return (null, "a method became async or an iterator, or stopped being one");
        }

        if (oldMember.DescendantNodes().Any(IsFunction) || newMember.DescendantNodes().Any(IsFunction))
        {
            return (null, "an async method or iterator that holds lambdas changed");
        }

        if (!Skeleton(oldMember).IsEquivalentTo(Skeleton(newMember), topLevel: false))
        {
            return (null, "a statement with await or yield changed (only code between them can be updated)");
        }

        var oldLocals = Locals(oldMember, oldModel);
        var newLocals = Locals(newMember, newModel);
        if (!oldLocals.Select(l => l.Description).SequenceEqual(newLocals.Select(l => l.Description)))
        {
            return (null, "an async method's or iterator's locals changed (a suspended call would resume without them)");
        }

        var pairs = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var (oldNode, newNode) in oldLocals.Zip(newLocals))
        {
            pairs[newNode.Node] = oldNode.Node;
        }

        var oldAnchors = Anchors(oldMember);
        var newAnchors = Anchors(newMember);
        if (oldAnchors.Count != newAnchors.Count)
        {
            return (null, "DevLoop could not match the suspension points of the two versions");
        }

        foreach (var (oldNode, newNode) in oldAnchors.Zip(newAnchors))
        {
            if (oldNode.RawKind != newNode.RawKind)
            {
                return (null, "DevLoop could not match the suspension points of the two versions");
            }

            pairs.TryAdd(newNode, oldNode);
        }

        return (node => pairs.GetValueOrDefault(node), null);
    }

    private static bool IsSuspension(SyntaxNode node) => node switch
    {
        AwaitExpressionSyntax or YieldStatementSyntax => true,
        CommonForEachStatementSyntax loop => loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
        UsingStatementSyntax usingStatement => usingStatement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
        LocalDeclarationStatementSyntax declaration => declaration.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
        _ => false,
    };

    private static bool IsFunction(SyntaxNode node) => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

    private static bool HoldsSuspension(SyntaxNode node) => node.DescendantNodesAndSelf().Any(IsSuspension);

    /// <summary>The member with every statement that does not shape the states left out.</summary>
    private static SyntaxNode Skeleton(SyntaxNode member) => new SkeletonRewriter().Visit(member);

    /// <summary>The suspension points and every statement around them, in document order.</summary>
    private static List<SyntaxNode> Anchors(SyntaxNode member) =>
        member.DescendantNodes().Where(n => IsSuspension(n) || (n is StatementSyntax && HoldsSuspension(n))).ToList();

    private static List<(SyntaxNode Node, string Description)> Locals(SyntaxNode member, SemanticModel model) =>
        member.DescendantNodes()
            .Select(n => (Node: n, Symbol: model.GetDeclaredSymbol(n) as ILocalSymbol))
            .Where(p => p.Symbol is not null)
            .Select(p => (p.Node, p.Symbol!.Name + ":" + p.Symbol.Type.ToDisplayString()))
            .ToList();

    /// <summary>A statement the states depend on: it holds a suspension point, or (a using declaration) wraps the ones after it in a try.</summary>
    private static bool Shapes(StatementSyntax statement) =>
        HoldsSuspension(statement) || (statement is LocalDeclarationStatementSyntax declaration && declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword));

    private sealed class SkeletonRewriter : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitBlock(BlockSyntax node) =>
            base.VisitBlock(node.WithStatements(SyntaxFactory.List(node.Statements.Where(Shapes))));

        public override SyntaxNode? VisitSwitchSection(SwitchSectionSyntax node) =>
            base.VisitSwitchSection(node.WithStatements(SyntaxFactory.List(node.Statements.Where(Shapes))));
    }
}
