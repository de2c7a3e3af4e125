package io.socketkit.netty.internal;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.uring.IoUring;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Netty's native transports, named by their kind ({@code epoll}, {@code io_uring}, {@code kqueue}): whether
 * each loads here and why not. {@link io.socketkit.netty.Transport} asks this class, which knows nothing of
 * it (so the public enum and the backends do not import each other).
 *
 * <p>On the module path each native library is in a module of its own per OS and CPU
 * ({@code io.netty.transport.epoll.linux.x86_64}) that no module requires, so the module system resolves it
 * only when the command line names it; without it the transport does not load. On the class path none of
 * this applies.
 */
public final class NativeTransports {
    /**
     * Netty's JVM-wide switch for io_uring's multishot accept, read once when its {@code IoUring} class
     * initialises. Netty 4.2.18 has no per-channel option for it, and its multishot accept keeps completing
     * with EMFILE out of descriptors whatever the channel asks (a busy loop in both handler styles, and a
     * Netty WARN per failure for the event style). Off, one accept is submitted at a time and the
     * listeners back off as on the other transports. Set before any io_uring class of Netty's is used
     * here (this class's initialisation, which {@code IoUringBackend}'s runs first), and only when the user
     * has not set it.
     */
    static final String ACCEPT_MULTISHOT = "io.netty.iouring.acceptMultiShotEnabled";
    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(NativeTransports.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    static {
        if (System.getProperty(ACCEPT_MULTISHOT) == null) {
            System.setProperty(ACCEPT_MULTISHOT, "false");
        }
    }

    private NativeTransports() {
    }

    /** Runs this class's initialisation: io_uring's defaults set before Netty's io_uring classes load. */
    static void init() {
        // The static initialiser above does the work.
    }

    /**
     * Why a native transport cannot run here: Netty's own cause; on the module path, when the native
     * library's module is not resolved, an exception naming the {@code --add-modules} to use, with Netty's
     * cause attached.
     *
     * @param kind {@code epoll}, {@code io_uring} or {@code kqueue}; {@code null} for NIO (always available)
     * @param transport the transport's name, for the advice
     * @return the cause, or {@code null} if available
     */
    public static Throwable unavailabilityCause(String kind, String transport) {
        Throwable cause = nettyCause(kind);
        String advice = cause == null ? null : missingModuleAdvice(kind, transport);
        return advice == null ? cause : new IllegalStateException(advice, cause);
    }

    private static Throwable nettyCause(String kind) {
        if (kind == null) {
            return null;
        }
        switch (kind) {
            case "epoll":
                return Epoll.unavailabilityCause();
            case "io_uring":
                return IoUring.unavailabilityCause();
            case "kqueue":
                return KQueue.unavailabilityCause();
            default:
                throw new IllegalArgumentException("no native transport " + kind);
        }
    }

    /**
     * What to add to the command line when a transport's native library is not loaded because its
     * module is not resolved.
     *
     * @param kind the native kind, or {@code null} for NIO
     * @param transport the transport's name, for the advice
     * @return the advice, or null where that is not the reason (the class path, the module resolved, a
     *     transport without a native library, an OS or CPU Netty ships none for)
     */
    static String missingModuleAdvice(String kind, String transport) {
        String name = moduleName(kind, System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        Module self = NativeTransports.class.getModule();
        if (name == null || !self.isNamed() || self.getLayer() == null || self.getLayer().findModule(name).isPresent()) {
            return null;
        }
        return transport + "'s native library is in module " + name + ", which the module path does not resolve"
                + " unless named: add --add-modules " + name;
    }

    /**
     * Whether raw and seqpacket sockets can be made on this JVM: {@code socket(2)} through the
     * foreign-function API (Java 22+, native access not denied) with Netty's epoll library loaded.
     *
     * @return whether {@link PacketSocket}s can be made here
     */
    public static boolean packetSockets() {
        return NativeSockets.available();
    }

    /**
     * Says, once per JVM and in one WARN line, that {@code auto} takes NIO only because a native module
     * is not resolved; says nothing if that is not why.
     */
    public static void warnIfAutoFellBack() {
        for (String[] preferred : new String[][] {{"epoll", "EPOLL"}, {"kqueue", "KQUEUE"}}) {
            String advice = missingModuleAdvice(preferred[0], preferred[1]);
            if (advice != null && WARNED.compareAndSet(false, true)) {
                LOG.warn("socketkit: transport auto uses NIO: {}", advice);
            }
        }
    }

    /** The module of a native transport's library for an OS and CPU, as Netty names it, or null. */
    static String moduleName(String kind, String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String platform = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : null;
        String cpu = osArch.equals("amd64") || osArch.equals("x86_64") ? "x86_64"
                : osArch.equals("aarch64") ? "aarch_64" : null;
        boolean here = kind != null && (kind.equals("kqueue") ? "osx".equals(platform) : "linux".equals(platform));
        return !here || cpu == null ? null : "io.netty.transport." + kind + "." + platform + "." + cpu;
    }
}
