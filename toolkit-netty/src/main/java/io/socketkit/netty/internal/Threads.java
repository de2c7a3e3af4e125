package io.socketkit.netty.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** What the library compiled for Java 17 needs to know of newer JVMs' threads. */
final class Threads {
    /** {@code Thread.isVirtual()} on 21+, null before. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    /**
     * {@code -Dsocketkit.kernelWait=false}: platform threads park for the event loop instead of sleeping
     * in an epoll set or selector of their own (which costs each such thread 3 descriptors, 2 on NIO).
     */
    private static final boolean KERNEL_WAIT = !"false".equalsIgnoreCase(System.getProperty("socketkit.kernelWait"));

    private Threads() {
    }

    /** Whether the calling thread may sleep in the kernel: a platform thread, unless switched off. */
    static boolean kernelWait() {
        return KERNEL_WAIT && !isVirtual(Thread.currentThread());
    }

    /** Whether a thread is virtual: it must park, never block in native code (that pins its carrier). */
    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
