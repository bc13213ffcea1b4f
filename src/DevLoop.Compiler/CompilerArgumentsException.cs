namespace DevLoop.Compiler;

/// <summary>The build's compiler arguments cannot be taken as they are: watch builds instead.</summary>
public sealed class CompilerArgumentsException(string message) : Exception(message);
