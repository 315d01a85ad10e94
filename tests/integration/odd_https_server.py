#!/usr/bin/env python3
"""A loopback HTTPS server that misbehaves on purpose, for the x5u fetch
tests: /redirect.pem answers 302, /big.pem sends 100 KiB, /slow.pem stalls.
Usage: odd_https_server.py CERT KEY; prints the port, serves until killed."""
import http.server
import ssl
import sys
import time


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/redirect.pem":
            self.send_response(302)
            self.send_header("Location", "https://127.0.0.1:%d/good.pem" % self.server.server_port)
            self.end_headers()
        elif self.path == "/big.pem":
            body = b"A" * (100 * 1024)
            self.send_response(200)
            self.send_header("Content-Type", "application/pem-certificate-chain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/slow.pem":
            time.sleep(5)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = ctx.wrap_socket(server.socket, server_side=True)
print(server.server_port, flush=True)
server.serve_forever()
