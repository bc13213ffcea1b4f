using DevLoop.Core.Sources;
using DevLoop.Testing;

namespace DevLoop.Core.Tests.Sources;

public sealed class GitHeadTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_branch_in_a_loose_ref_is_found_from_a_subfolder()
    {
        _dir.Write("repo/.git/HEAD", "ref: refs/heads/main\n");
        _dir.Write("repo/.git/refs/heads/main", Commit + "\n");
        Directory.CreateDirectory(_dir.Combine("repo/src/Web"));

        Assert.Equal(Commit, GitHead.Find(_dir.Combine("repo/src/Web")));
    }

    [Fact]
    public void A_packed_ref_a_detached_head_and_a_worktree_are_read()
    {
        _dir.Write("repo/.git/HEAD", "ref: refs/heads/feature\n");
        _dir.Write("repo/.git/packed-refs", "# pack-refs with: peeled fully-peeled sorted\n" + Commit + " refs/heads/feature\n");
        Assert.Equal(Commit, GitHead.Find(_dir.Combine("repo")));

        var detached = new string('f', 40);
        _dir.Write("repo/.git/worktrees/wt/HEAD", detached + "\n");
        _dir.Write("repo/.git/worktrees/wt/commondir", "../..\n");
        _dir.Write("wt/.git", "gitdir: " + _dir.Combine("repo/.git/worktrees/wt") + "\n");
        Assert.Equal(detached, GitHead.Find(_dir.Combine("wt")));
    }

    [Fact]
    public void Outside_a_repository_there_is_no_commit()
    {
        Directory.CreateDirectory(_dir.Combine("plain"));
        Assert.Null(GitHead.Find(_dir.Combine("plain")));
    }
}
