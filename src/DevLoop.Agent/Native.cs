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

        // Marshalled by hand: the built-in marshaller cannot pass string arrays as UTF-8. The memory
        // is never freed on success, because the process image is replaced.
        var pathPtr = Marshal.StringToCoTaskMemUTF8(path);
        var args = ToNullTerminatedArray(argv);
        var env = ToNullTerminatedArray(envp);
        execve(pathPtr, args, env);
        var errno = Marshal.GetLastPInvokeError();
        Marshal.FreeCoTaskMem(pathPtr);
        Free(args, argv.Length);
        Free(env, envp.Length);
        return errno;
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

    private static void Free(IntPtr* array, int length)
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
    private static extern IntPtr signal(int signum, IntPtr handler);
}
