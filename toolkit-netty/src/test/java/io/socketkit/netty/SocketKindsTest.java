package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.PermissionError;
import io.socketkit.Socket;
import io.socketkit.SocketError;
import io.socketkit.SocketPair;
import io.socketkit.SocketType;
import io.socketkit.Sockets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code socket(family, type, proto)} and {@code socketpair(family, type)}: the triples Linux refuses
 * fail on every transport with the errno and exception class Python shows (CPython 3.11 on Linux, as
 * root; the table is docs/python-parity.md's), before the transport is asked.
 */
class SocketKindsTest extends SocketTestSupport {
    private static final int[] PROTOS = {0, 1, 2, 6, 17, 58, 132, 255, 256, -1};

    /**
     * Python's answer per family, type and protocol (in {@link #PROTOS} order): 0 works, else the errno.
     * Rows for the pairs that work with a protocol Linux accepts are checked where the transport has them.
     */
    private static final Map<AddressFamily, Map<SocketType, int[]>> PYTHON = new EnumMap<>(AddressFamily.class);

    static {
        for (AddressFamily ip : new AddressFamily[] {AddressFamily.INET, AddressFamily.INET6}) {
            Map<SocketType, int[]> rows = new EnumMap<>(SocketType.class);
            rows.put(SocketType.STREAM, new int[] {0, 93, 93, 0, 93, 93, 93, 93, 93, 0});
            rows.put(SocketType.DGRAM, ip == AddressFamily.INET
                    ? new int[] {0, 13, 93, 93, 0, 93, 93, 93, 93, 0}
                    : new int[] {0, 93, 93, 93, 0, 13, 93, 93, 93, 0});
            rows.put(SocketType.RAW, new int[] {93, 0, 0, 0, 0, 0, 0, 0, 0, 93});
            rows.put(SocketType.RDM, new int[] {94, 94, 94, 94, 94, 94, 94, 94, 94, 94});
            rows.put(SocketType.SEQPACKET, new int[] {94, 94, 94, 94, 94, 94, 94, 94, 94, 94});
            PYTHON.put(ip, rows);
        }
        Map<SocketType, int[]> unix = new EnumMap<>(SocketType.class);
        for (SocketType type : new SocketType[] {SocketType.STREAM, SocketType.DGRAM, SocketType.RAW, SocketType.SEQPACKET}) {
            unix.put(type, new int[] {0, 0, 93, 93, 93, 93, 93, 93, 93, 0});
        }
        unix.put(SocketType.RDM, new int[] {94, 94, 93, 93, 93, 93, 93, 93, 93, 94});
        PYTHON.put(AddressFamily.UNIX, unix);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("every family × type × proto Linux refuses: Python's errno and class, on every transport")
    void refusedAsPython(Transport transport) {
        NettyProvider provider = Matrix.provider(transport);
        int checked = 0;
        for (AddressFamily family : AddressFamily.values()) {
            for (SocketType type : SocketType.values()) {
                int[] row = PYTHON.get(family).get(type);
                for (int i = 0; i < PROTOS.length; i++) {
                    if (row[i] == 0) {
                        continue;
                    }
                    Errno expected = Errno.ofNumber(row[i]);
                    int proto = PROTOS[i];
                    assertErrno(() -> provider.socket(family, type, proto), expected)
                            .as("socket(%s, %s, %d)", family, type, proto)
                            .isInstanceOf(expected == Errno.EACCES ? PermissionError.class : SocketError.class);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(110);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#inet")
    @DisplayName("the type's own protocol works and proto() says it; 0 and Python's -1 are 0")
    void ownProtocol(Transport transport, AddressFamily family) throws Exception {
        Socket tcp = track(Matrix.provider(transport, family, SocketType.STREAM)
                .socket(family, SocketType.STREAM, Sockets.IPPROTO_TCP));
        assertThat(tcp.proto()).isEqualTo(6);
        Socket udp = track(Matrix.provider(transport, family, SocketType.DGRAM)
                .socket(family, SocketType.DGRAM, Sockets.IPPROTO_UDP));
        assertThat(udp.proto()).isEqualTo(17);
        assertThat(track(Matrix.provider(transport).socket(family, SocketType.STREAM, -1)).proto()).isZero();
        assertThat(track(Matrix.provider(transport).socket(family, SocketType.DGRAM)).proto()).isZero();
        assertThatThrownBy(() -> Matrix.provider(transport).socket(family, SocketType.STREAM, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proto");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("socketpair: IP families EOPNOTSUPP (95), RAW over IP 93, SEQPACKET over IP and RDM 94, as Python")
    void pairRefusals(Transport transport) {
        NettyProvider provider = Matrix.provider(transport);
        for (AddressFamily ip : new AddressFamily[] {AddressFamily.INET, AddressFamily.INET6}) {
            assertErrno(() -> provider.socketPair(ip, SocketType.STREAM), Errno.EOPNOTSUPP);
            assertErrno(() -> provider.socketPair(ip, SocketType.DGRAM), Errno.EOPNOTSUPP);
            assertErrno(() -> provider.socketPair(ip, SocketType.RAW), Errno.EPROTONOSUPPORT);
            assertErrno(() -> provider.socketPair(ip, SocketType.SEQPACKET), Errno.ESOCKTNOSUPPORT);
        }
        assertErrno(() -> provider.socketPair(AddressFamily.UNIX, SocketType.RDM), Errno.ESOCKTNOSUPPORT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("socketpair(AF_UNIX, SOCK_STREAM / SOCK_DGRAM / SOCK_RAW) where the transport has them; DGRAM keeps boundaries")
    void unixPairs(Transport transport) throws Exception {
        NettyProvider provider = Matrix.provider(transport);
        try (SocketPair stream = provider.socketPair(AddressFamily.UNIX, SocketType.STREAM)) {
            stream.first().sendAll(ascii("ab"));
            assertThat(recvExactly(stream.second(), 2)).isEqualTo(ascii("ab"));
        }
        assumeTrue(transport.supports(AddressFamily.UNIX, SocketType.DGRAM), () -> transport + " has no Unix datagrams");
        for (SocketType type : new SocketType[] {SocketType.DGRAM, SocketType.RAW}) {
            try (SocketPair pair = provider.socketPair(AddressFamily.UNIX, type)) {
                assertThat(pair.first().type()).isEqualTo(type);
                pair.first().send(ascii("0123456789"));
                pair.first().send(ascii("x"));
                assertThat(pair.second().recv(4)).isEqualTo(ascii("0123"));
                assertThat(pair.second().recv(100)).isEqualTo(ascii("x"));
                pair.second().send(ascii("back"));
                assertThat(pair.first().recv(100)).isEqualTo(ascii("back"));
            }
        }
    }
}
