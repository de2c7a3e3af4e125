package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Chat servers run through the command line and their clients, all closed by {@link #close()}. */
final class ChatFixture implements AutoCloseable {
    final ExampleServers servers = new ExampleServers();
    private final List<ChatClient> clients = new ArrayList<>();

    /** A chat server on 127.0.0.1, port 0, with these extra arguments. */
    ExampleServers.Running chat(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("chat", "--bind", "127.0.0.1:0"));
        args.addAll(List.of(extra));
        return servers.start(args.toArray(new String[0]));
    }

    /** A client, closed with the fixture. */
    ChatClient client(SocketAddress address) throws IOException {
        ChatClient client = new ChatClient(address);
        clients.add(client);
        return client;
    }

    /** {@code n} clients in the room, their welcomes and the joins they saw read. */
    List<ChatClient> room(SocketAddress address, int n) throws IOException {
        List<ChatClient> room = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ChatClient client = client(address);
            assertThat(client.read()).startsWith("* welcome ");
            for (ChatClient earlier : room) {
                assertThat(earlier.read()).endsWith(" joined");
            }
            room.add(client);
        }
        return room;
    }

    @Override
    public void close() throws Exception {
        for (ChatClient client : clients) {
            client.close();
        }
        servers.close();
    }
}
