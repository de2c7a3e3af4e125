package io.socketkit.netty;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/** ICMP and IPv4 packets built and checked by hand, for the raw socket tests. */
final class Icmp {
    static final int ECHO_REPLY = 0;
    static final int ECHO_REQUEST = 8;
    static final int ECHO6_REQUEST = 128;
    static final int ECHO6_REPLY = 129;

    private Icmp() {
    }

    /** An echo message: type, code 0, checksum, identifier, sequence, payload. */
    static byte[] echo(int type, int id, int sequence, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(8 + payload.length);
        packet.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) sequence).put(payload);
        byte[] bytes = packet.array();
        int sum = checksum(bytes, 0, bytes.length);
        bytes[2] = (byte) (sum >> 8);
        bytes[3] = (byte) sum;
        return bytes;
    }

    /** The identifier of an echo message at {@code offset}. */
    static int identifier(byte[] data, int offset) {
        return ((data[offset + 4] & 0xff) << 8) | (data[offset + 5] & 0xff);
    }

    /** The Internet checksum (RFC 1071) of a range: 0 when the range holds its own right checksum. */
    static int checksum(byte[] data, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            int high = data[offset + i] & 0xff;
            int low = i + 1 < length ? data[offset + i + 1] & 0xff : 0;
            sum += (high << 8) | low;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** The ICMPv6 checksum of a message between two equal addresses, over the pseudo-header (RFC 8200). */
    static int checksum6(InetAddress address, byte[] message) {
        ByteBuffer whole = ByteBuffer.allocate(40 + message.length);
        whole.put(address.getAddress()).put(address.getAddress()).putInt(message.length).putInt(58).put(message);
        return checksum(whole.array(), 0, whole.capacity());
    }

    /** An IPv4 packet from and to 127.0.0.1 with a given protocol and TTL; the kernel fills length, id and checksum. */
    static byte[] ipv4(int protocol, int ttl, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(20 + payload.length);
        packet.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) 0)
                .putShort((short) 0).put((byte) ttl).put((byte) protocol).putShort((short) 0)
                .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1}).put(payload);
        return packet.array();
    }
}
