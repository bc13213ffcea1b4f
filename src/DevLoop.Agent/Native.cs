using System.Reflection;
using System.Runtime.InteropServices;

namespace DevLoop.Agent;

/// <summary>
/// The agent's calls into libc: execve with everything it needs in native memory ahead of time, so
/// the last step does no managed allocation at all (the window between "about to exec" and the exec
/// is a few syscalls), and readlink.
/// </summary>
internal static unsafe class Native
{
    static Native()
    {
        NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);
    }

    public sealed class PreparedExec
    {
        internal PreparedExec(IntPtr path, IntPtr* argv, int argc, IntPtr* envp, int envc)
        {
            Path = path;
            Argv = argv;
            Argc = argc;
            Envp = envp;
            Envc = envc;
        }

        internal IntPtr Path { get; }

        internal IntPtr* Argv { get; }

        internal int Argc { get; }

        internal IntPtr* Envp { get; }

        internal int Envc { get; }

        /// <summary>Only after a failed exec: on success the process image, this memory included, is gone.</summary>
        public void Free()
        {
            Marshal.FreeCoTaskMem(Path);
            FreeArray(Argv, Argc);
            FreeArray(Envp, Envc);
        }
    }

    public static PreparedExec Prepare(string path, string[] argv, string[] envp) =>
        new(Marshal.StringToCoTaskMemUTF8(path), ToNullTerminatedArray(argv), argv.Length, ToNullTerminatedArray(envp), envp.Length);

    /// <summary>Replaces the process image; returns errno only if that failed.</summary>
    public static int Exec(PreparedExec exec)
    {
        // The signal mask survives execve, and this thread's mask is the runtime's business: clear it.
        // Ignored signals stay ignored too; the only one the runtime ignores (SIGPIPE) the new runtime
        // ignores again, and restoring it here could kill the app if a socket write failed meanwhile.
        var empty = stackalloc byte[128];
        new Span<byte>(empty, 128).Clear();
        pthread_sigmask(OperatingSystem.IsMacOS() ? 3 : 2, empty, null);
        execve(exec.Path, exec.Argv, exec.Envp);
        return Marshal.GetLastPInvokeError();
    }

    /// <summary>
    /// The target of a symbolic link, one readlink call (FileInfo.LinkTarget makes three); null when
    /// it is not a link or is gone. For /proc/PID/fd, whose entries are read many at a time.
    /// </summary>
    public static string? ReadLink(string path)
    {
        var buffer = stackalloc byte[256];
        var length = readlink(path, buffer, 256);
        return length < 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, (int)Math.Min(length, 256));
    }

    private static IntPtr* ToNullTerminatedArray(string[] values)
    {
        var array = (IntPtr*)NativeMemory.Alloc((nuint)(values.Length + 1), (nuint)IntPtr.Size);
        for (var i = 0; i < values.Length; i++)
        {
            array[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
        }

        array[values.Length] = IntPtr.Zero;
        return array;
    }

    private static void FreeArray(IntPtr* array, int length)
    {
        for (var i = 0; i < length; i++)
        {
            Marshal.FreeCoTaskMem(array[i]);
        }

        NativeMemory.Free(array);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "libc")
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in new[] { "libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1", "/usr/lib/libSystem.dylib", "libc.so" })
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int execve(IntPtr path, IntPtr* argv, IntPtr* envp);

    [DllImport("libc", SetLastError = true)]
    private static extern int pthread_sigmask(int how, byte* set, byte* oldset);

    [DllImport("libc", SetLastError = true)]
    private static extern nint readlink([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* buffer, nint size);
}
