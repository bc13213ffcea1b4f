using System.Reflection;
using System.Runtime.InteropServices;

namespace DevLoop.Agent;

internal static unsafe class Native
{
    private const int SIGPIPE = 13;

    static Native()
    {
        NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);
    }

    /// <summary>Resets what execve would otherwise pass on, then replaces the process image. Returns errno on failure.</summary>
    public static int Exec(string path, string[] argv, string[] envp)
    {
        // The signal mask survives execve and the runtime blocks signals on its threads; ignored
        // signals stay ignored (the runtime ignores SIGPIPE). The new runtime sets both up itself.
        var empty = stackalloc byte[128];
        new Span<byte>(empty, 128).Clear();
        pthread_sigmask(OperatingSystem.IsMacOS() ? 3 : 2, empty, null);
        signal(SIGPIPE, IntPtr.Zero);

        var args = new string?[argv.Length + 1];
        argv.CopyTo(args, 0);
        var env = new string?[envp.Length + 1];
        envp.CopyTo(env, 0);
        execve(path, args, env);
        return Marshal.GetLastPInvokeError();
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
    private static extern int execve(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPUTF8Str)] string?[] argv,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPUTF8Str)] string?[] envp);

    [DllImport("libc", SetLastError = true)]
    private static extern int pthread_sigmask(int how, byte* set, byte* oldset);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr signal(int signum, IntPtr handler);
}
