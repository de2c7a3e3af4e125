"""The Python baseline of the server benchmark: socketserver.ThreadingTCPServer echoing what it reads.

Usage: python3 echo_server.py  -- prints the port on the first line of stdout, serves until killed.
"""
import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.setsockopt(6, 1, 1)  # TCP_NODELAY
        while True:
            data = self.request.recv(65536)
            if not data:
                return
            self.request.sendall(data)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024


with Server(("127.0.0.1", 0), Echo) as server:
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)
