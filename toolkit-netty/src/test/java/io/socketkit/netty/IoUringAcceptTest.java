package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.uring.IoUring;
import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * socketkit turns Netty's io_uring multishot accept off unless the user set the switch: out of
 * descriptors it is a busy loop in Netty 4.2.18 ({@code EchoJarIT.outOfDescriptors} proves the back-off
 * with it off; docs/reliability.md).
 */
class IoUringAcceptTest extends SocketTestSupport {

    @Test
    @DisplayName("io_uring listeners accept one connection at a time (multishot accept off) (socketkit sets the switch the user did not)")
    void multishotAcceptOff() throws Exception {
        Socket listener = listener(Transport.IO_URING, AddressFamily.INET);
        try (Socket client = open(Transport.IO_URING, AddressFamily.INET, SocketType.STREAM)) {
            client.connect(listener.getSockName());
            track(listener.accept().connection());
        }
        String set = System.getProperty("io.netty.iouring.acceptMultiShotEnabled");
        assertThat(set).as("the switch, set by socketkit (this JVM was not given it)").isEqualTo("false");
        assertThat(IoUring.isAcceptMultishotEnabled()).as("Netty's multishot accept").isFalse();
    }
}
