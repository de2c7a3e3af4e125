package io.socketkit.netty.internal;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.socketkit.netty.Transport;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Netty's native transports on the module path. Each native library is in a module of its own per OS
 * and CPU ({@code io.netty.transport.epoll.linux.x86_64}) that no module requires, so the module system
 * resolves it only when the command line names it; without it the transport does not load. On the class
 * path none of this applies.
 */
public final class NativeModules {
    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(NativeModules.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private NativeModules() {
    }

    /**
     * What to add to the command line when a transport's native library is not loaded because its
     * module is not resolved.
     *
     * @param transport the transport
     * @return the advice, or null where that is not the reason (the class path, the module resolved, a
     *     transport without a native library, an OS or CPU Netty ships none for)
     */
    public static String missingModuleAdvice(Transport transport) {
        String name = moduleName(transport, System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        Module self = NativeModules.class.getModule();
        if (name == null || !self.isNamed() || self.getLayer() == null || self.getLayer().findModule(name).isPresent()) {
            return null;
        }
        return transport + "'s native library is in module " + name + ", which the module path does not resolve"
                + " unless named: add --add-modules " + name;
    }

    /**
     * Says, once per JVM and in one WARN line, that {@code auto} takes NIO only because a native module
     * is not resolved; says nothing if that is not why.
     */
    public static void warnIfAutoFellBack() {
        for (Transport preferred : new Transport[] {Transport.EPOLL, Transport.KQUEUE}) {
            String advice = missingModuleAdvice(preferred);
            if (advice != null && WARNED.compareAndSet(false, true)) {
                LOG.warn("socketkit: transport auto uses NIO: {}", advice);
            }
        }
    }

    /** The module of a transport's native library for an OS and CPU, as Netty names it, or null. */
    static String moduleName(Transport transport, String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String platform = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : null;
        String cpu = osArch.equals("amd64") || osArch.equals("x86_64") ? "x86_64"
                : osArch.equals("aarch64") ? "aarch_64" : null;
        String kind;
        switch (transport) {
            case EPOLL:
                kind = "linux".equals(platform) ? "epoll" : null;
                break;
            case IO_URING:
                kind = "linux".equals(platform) ? "io_uring" : null;
                break;
            case KQUEUE:
                kind = "osx".equals(platform) ? "kqueue" : null;
                break;
            default:
                kind = null;
                break;
        }
        return kind == null || cpu == null ? null : "io.netty.transport." + kind + "." + platform + "." + cpu;
    }
}
