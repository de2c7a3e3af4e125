package io.socketkit.examples.ping;

import java.nio.ByteBuffer;

/** ICMP and ICMPv6 echo messages: built with their checksum, and recognised when they come back. */
final class EchoMessages {
    private static final int ECHO_REQUEST = 8;
    private static final int ECHO_REPLY = 0;
    private static final int ECHO6_REQUEST = 128;
    private static final int ECHO6_REPLY = 129;

    private EchoMessages() {
    }

    /**
     * An echo request: type, code, checksum, identifier, sequence, then {@code payload} bytes. The ICMPv6
     * checksum covers a pseudo-header the kernel knows: it fills it in, so it is left 0 here.
     */
    static byte[] request(boolean v6, int id, int seq, int payload) {
        ByteBuffer message = ByteBuffer.allocate(8 + payload);
        message.put((byte) (v6 ? ECHO6_REQUEST : ECHO_REQUEST)).put((byte) 0).putShort((short) 0)
                .putShort((short) id).putShort((short) seq);
        for (int i = 0; i < payload; i++) {
            message.put((byte) i);
        }
        byte[] bytes = message.array();
        if (!v6) {
            int sum = checksum(bytes);
            bytes[2] = (byte) (sum >> 8);
            bytes[3] = (byte) sum;
        }
        return bytes;
    }

    /** Whether the message at {@code offset} is the echo reply to our request {@code seq}. */
    static boolean isReply(ByteBuffer data, int offset, boolean v6, int id, int seq) {
        return data.limit() >= offset + 8
                && (data.get(offset) & 0xff) == (v6 ? ECHO6_REPLY : ECHO_REPLY)
                && (data.getShort(offset + 4) & 0xffff) == id
                && (data.getShort(offset + 6) & 0xffff) == seq;
    }

    /** The Internet checksum (RFC 1071). */
    static int checksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i < data.length; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (i + 1 < data.length ? data[i + 1] & 0xff : 0);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
