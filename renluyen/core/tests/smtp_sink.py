"""A real SMTP server on 127.0.0.1 that accepts every message and keeps it: the mail relay
for tests and benchmarks that send through Django's SMTP backend (no mock of the sending).

    with SmtpSink(delay=0.05) as sink:     # wait 50 ms before accepting each message
        ... EMAIL_PORT = sink.port ...
        sink.message_ids                   # Message-ID of every accepted message, in order
"""

import re
import socket
import socketserver
import threading
import time


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        sink = self.server.sink
        self._reply("220 sink ESMTP")
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._reply("250 sink")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self._reply("250 OK")
            elif command == "DATA":
                self._reply("354 go ahead")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data.append(chunk)
                if sink.delay:
                    time.sleep(sink.delay)
                sink.accept(b"".join(data).decode("utf-8", "replace"))
                self._reply("250 accepted")
            elif command == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 not implemented")

    def _reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")
        self.wfile.flush()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.messages: list[str] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.sink = self
        self.port = self._server.server_address[1]

    def accept(self, message: str) -> None:
        with self._lock:
            self.messages.append(message)

    @property
    def message_ids(self) -> list[str]:
        with self._lock:
            return [
                m.group(1)
                for text in self.messages
                if (m := re.search(r"^Message-ID:\s*(\S+)", text, re.MULTILINE | re.IGNORECASE))
            ]

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
