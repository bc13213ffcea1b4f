using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DevLoop.HotReload;

/// <summary>
/// Declarations a save added or removed that a delta can carry: a new method in an existing class, a
/// new constant, a new class; a removed method (a rename is a removal and an addition: whether
/// nothing can still reach the old one is <see cref="Removals"/>'s question). New code runs only when
/// changed code calls it, so the running app behaves as a restarted one would. A new field is not among them (existing objects and a static
/// constructor that already ran would not give it the value a restart would), nor is a generic
/// type, anything virtual, in a struct or interface, or a removal. (A generic method is: .NET 8 and
/// 10 both report GenericAddMethodToExistingType.)
/// </summary>
internal static class Declarations
{
    /// <summary>The added declarations (in the new root) and removed methods (in the old one), or why one of them cannot be carried.</summary>
    /// <param name="toolAttributes">Attributes (or whole lists of them) that only tools read (<see cref="ToolAttributes"/>): they do not keep a method from being added or removed.</param>
    public static (IReadOnlyList<MemberDeclarationSyntax> Added, IReadOnlyList<MethodDeclarationSyntax> Removed, string? Reason) Diff(SyntaxNode oldRoot, SyntaxNode newRoot, IReadOnlySet<SyntaxNode> toolAttributes)
    {
        var oldTypes = Types(oldRoot);
        var newTypes = Types(newRoot);
        var added = new List<MemberDeclarationSyntax>();
        var removed = new List<MethodDeclarationSyntax>();
        if (oldTypes.Keys.FirstOrDefault(name => !newTypes.ContainsKey(name)) is { } gone)
        {
            return (added, removed, $"the type {gone} was removed or renamed");
        }

        foreach (var (name, type) in newTypes)
        {
            if (!oldTypes.TryGetValue(name, out var oldType))
            {
                if (type.Ancestors().OfType<BaseTypeDeclarationSyntax>().Any(a => !oldTypes.ContainsKey(Name(a))))
                {
                    continue; // inside a type that is added itself
                }

                if (NewTypeProblem(type) is { } typeWhy)
                {
                    return (added, removed, $"a new type {type.Identifier.Text} {typeWhy}");
                }

                added.Add(type);
                continue;
            }

            if (type is not TypeDeclarationSyntax newDeclaration || oldType is not TypeDeclarationSyntax oldDeclaration)
            {
                continue;
            }

            var oldKeys = oldDeclaration.Members.Select(Key).ToHashSet(StringComparer.Ordinal);
            foreach (var member in newDeclaration.Members.Where(m => m is not BaseTypeDeclarationSyntax && !oldKeys.Contains(Key(m))))
            {
                if (MemberProblem(newDeclaration, member, toolAttributes) is { } why)
                {
                    return (added, removed, $"{why} was added to {newDeclaration.Identifier.Text}");
                }

                added.Add(member);
            }

            var newKeys = newDeclaration.Members.Select(Key).ToHashSet(StringComparer.Ordinal);
            foreach (var member in oldDeclaration.Members.Where(m => m is not BaseTypeDeclarationSyntax && !newKeys.Contains(Key(m))))
            {
                if (member is not MethodDeclarationSyntax method || MemberProblem(oldDeclaration, member, toolAttributes) is not null)
                {
                    return (added, removed, $"{Describe(member)} was removed from {oldDeclaration.Identifier.Text} (or renamed, or its signature changed)");
                }

                removed.Add(method);
            }
        }

        return (added, removed, null);
    }

    private static string Describe(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => $"the method {method.Identifier.Text}, which is virtual, generic-typed, has attributes, lambdas or awaits,",
        _ => $"a {member.Kind()}",
    };

    /// <summary>Every type declaration by its full name (namespaces, enclosing types, arity).</summary>
    private static Dictionary<string, BaseTypeDeclarationSyntax> Types(SyntaxNode root)
    {
        var types = new Dictionary<string, BaseTypeDeclarationSyntax>(StringComparer.Ordinal);
        foreach (var type in root.DescendantNodes(n => n is not BlockSyntax).OfType<BaseTypeDeclarationSyntax>())
        {
            types.TryAdd(Name(type), type);
        }

        return types;
    }

    /// <summary>A type's full name: namespaces, enclosing types, arity.</summary>
    public static string Name(BaseTypeDeclarationSyntax type)
    {
        var parts = type.AncestorsAndSelf().Select(n => n switch
        {
            BaseTypeDeclarationSyntax t => t.Identifier.Text + (t is TypeDeclarationSyntax { TypeParameterList: { } p } ? "`" + p.Parameters.Count : string.Empty),
            BaseNamespaceDeclarationSyntax ns => ns.Name.ToString(),
            _ => null,
        }).OfType<string>().Reverse();
        return string.Join(".", parts);
    }

    /// <summary>What identifies a member between versions: its kind, name and parameters.</summary>
    private static string Key(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => $"method {method.Identifier.Text}`{method.Arity}({string.Join(",", method.ParameterList.Parameters.Select(p => p.Type?.ToString()))})",
        ConstructorDeclarationSyntax ctor => $"ctor {ctor.Modifiers.Any(SyntaxKind.StaticKeyword)}({string.Join(",", ctor.ParameterList.Parameters.Select(p => p.Type?.ToString()))})",
        FieldDeclarationSyntax field => "field " + string.Join(",", field.Declaration.Variables.Select(v => v.Identifier.Text)),
        PropertyDeclarationSyntax property => "property " + property.Identifier.Text,
        EventFieldDeclarationSyntax e => "event " + string.Join(",", e.Declaration.Variables.Select(v => v.Identifier.Text)),
        _ => member.Kind() + " " + member.WithoutTrivia().ToString(),
    };

    private static string? MemberProblem(TypeDeclarationSyntax type, MemberDeclarationSyntax member, IReadOnlySet<SyntaxNode> toolAttributes)
    {
        if (type is not ClassDeclarationSyntax || type.TypeParameterList is not null || type.Ancestors().OfType<TypeDeclarationSyntax>().Any(t => t.TypeParameterList is not null))
        {
            return "a member of a generic type, a struct, a record or an interface";
        }

        return member switch
        {
            MethodDeclarationSyntax method when method.Modifiers.Any(m => m.Kind() is SyntaxKind.VirtualKeyword or SyntaxKind.OverrideKeyword or SyntaxKind.AbstractKeyword or SyntaxKind.ExternKeyword or SyntaxKind.PartialKeyword)
                => "a virtual, override, abstract, extern or partial method",
            MethodDeclarationSyntax method when method.AttributeLists.Any(l => !toolAttributes.Contains(l) && !l.Attributes.All(toolAttributes.Contains)) || method.ExplicitInterfaceSpecifier is not null
                => "a method with attributes or an interface implementation",
            MethodDeclarationSyntax method when method.Modifiers.Any(SyntaxKind.AsyncKeyword) || method.DescendantNodes().Any(n => n is YieldStatementSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or QueryExpressionSyntax)
                => "an async method, an iterator, or a method with lambdas",
            MethodDeclarationSyntax => null,
            FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword) && field.AttributeLists.Count == 0 => null,
            FieldDeclarationSyntax => "a field (the running app would not give it the value a restart would)",
            _ => $"a {member.Kind()}",
        };
    }

    private static string? NewTypeProblem(BaseTypeDeclarationSyntax type)
    {
        if (type is not ClassDeclarationSyntax declaration || declaration.TypeParameterList is not null || declaration.BaseList is not null || declaration.AttributeLists.Count > 0
            || declaration.Modifiers.Any(m => m.Kind() is SyntaxKind.PartialKeyword or SyntaxKind.AbstractKeyword))
        {
            return "is not a plain class (no base type, generics, attributes or partial parts)";
        }

        var members = declaration.Members;
        if (members.Any(m => m is not (MethodDeclarationSyntax or FieldDeclarationSyntax or PropertyDeclarationSyntax or ConstructorDeclarationSyntax)))
        {
            return "holds more than methods, fields, properties and constructors";
        }

        return members.OfType<MethodDeclarationSyntax>().Any(m => m.TypeParameterList is not null || m.Modifiers.Any(SyntaxKind.AsyncKeyword) || m.DescendantNodes().Any(n => n is YieldStatementSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            ? "has generic or async methods, iterators or lambdas"
            : null;
    }
}
