package io.socketkit.spi;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.SocketType;
import io.socketkit.Sockets;
import java.io.IOException;

/**
 * Which family × type × protocol Linux accepts, with the error it gives for the rest, as Python shows
 * them (CPython 3.11 on Linux; the table is in docs/python-parity.md). The one place a provider asks
 * before it looks at what its transport can do, so that every transport refuses the same triples with
 * the same errno.
 */
public final class SocketKinds {
    /** PF_UNIX, which Linux takes as the protocol of a Unix socket as well as 0. */
    private static final int PF_UNIX = 1;
    /** IPPROTO_MAX on Linux 6.x: raw sockets take any protocol below it. */
    private static final int IPPROTO_MAX = 263;

    private SocketKinds() {
    }

    /**
     * The protocol a socket of this kind has: Python's {@code -1} (the default) is 0.
     *
     * @param proto the protocol asked
     * @return the protocol the socket reports
     */
    public static int normalize(int proto) {
        return proto == -1 ? 0 : proto;
    }

    /**
     * Checks a triple as {@code socket(2)} on Linux would.
     *
     * @param family the family
     * @param type the type
     * @param proto the protocol, 0 (or -1) for the default
     * @throws IOException ESOCKTNOSUPPORT (94) for a type the family has not (SEQPACKET or RDM over IP,
     *     RDM over Unix), EPROTONOSUPPORT (93) for a protocol the type has not (a raw socket without
     *     one, UDP on a stream socket); EACCES (13) for an ICMP datagram ("ping") socket, as Linux
     *     gives where the group range does not allow them
     * @throws IllegalArgumentException if {@code proto} is below -1
     */
    public static void check(AddressFamily family, SocketType type, int proto) throws IOException {
        if (proto < -1) {
            throw new IllegalArgumentException("proto < -1: " + proto);
        }
        int p = normalize(proto);
        String what = "socket(" + family + ", " + type + ", " + p + ")";
        if (family == AddressFamily.UNIX) {
            if (p != 0 && p != PF_UNIX) {
                throw Errno.EPROTONOSUPPORT.newException(what + ": Unix sockets take protocol 0", null);
            }
            if (type == SocketType.RDM) {
                throw Errno.ESOCKTNOSUPPORT.newException(what + ": Linux has no Unix RDM sockets", null);
            }
            return;
        }
        switch (type) {
            case STREAM:
                if (p != 0 && p != Sockets.IPPROTO_TCP) {
                    throw Errno.EPROTONOSUPPORT.newException(what + ": stream sockets are TCP (0 or IPPROTO_TCP)", null);
                }
                return;
            case DGRAM:
                if (isPing(family, p)) {
                    throw Errno.EACCES.newException(what + ": ICMP datagram (ping) sockets are not"
                            + " socketkit's; use SocketType.RAW", null);
                }
                if (p != 0 && p != Sockets.IPPROTO_UDP) {
                    throw Errno.EPROTONOSUPPORT.newException(what + ": datagram sockets are UDP (0 or IPPROTO_UDP)", null);
                }
                return;
            case RAW:
                if (p == 0 || p >= IPPROTO_MAX) {
                    throw Errno.EPROTONOSUPPORT.newException(what + ": a raw socket needs a protocol,"
                            + " such as IPPROTO_ICMP", null);
                }
                return;
            default:
                throw Errno.ESOCKTNOSUPPORT.newException(what + ": Linux has no " + type + " sockets over IP"
                        + (type == SocketType.SEQPACKET ? " (but for SCTP, which socketkit does not do)" : ""), null);
        }
    }

    private static boolean isPing(AddressFamily family, int proto) {
        return (family == AddressFamily.INET && proto == Sockets.IPPROTO_ICMP)
                || (family == AddressFamily.INET6 && proto == Sockets.IPPROTO_ICMPV6);
    }

    /**
     * Checks a pair as {@code socketpair(2)} on Linux would: Unix sockets only.
     *
     * @param family the family
     * @param type the type
     * @throws IOException as {@link #check} for the triple with protocol 0, else EOPNOTSUPP (95) for an
     *     IP family, which has no pairs
     */
    public static void checkPair(AddressFamily family, SocketType type) throws IOException {
        check(family, type, 0);
        if (family != AddressFamily.UNIX) {
            throw Errno.EOPNOTSUPP.newException("socketpair(" + family + ", " + type + "): only Unix sockets come"
                    + " in pairs", null);
        }
    }
}
