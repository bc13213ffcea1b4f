namespace DevLoop.Core.Watch;

/// <summary>What a path returned by the project's evaluation stands for in the watch list.</summary>
public enum WatchItemKind
{
    /// <summary>A Compile, EmbeddedResource, Content or None item: a change means build.</summary>
    File,

    /// <summary>A project file or an imported Directory.Build.* file: a change means build and read the list again.</summary>
    Project,

    /// <summary>A project folder: a file created in it may be a new item by glob.</summary>
    Folder,
}
