#!/usr/bin/env python3
"""An engine whose replies cannot be read, on a unix socket, for the tests.

usage: broken_engine.py SOCKET MODE

GET /_ping gets the reply of Docker 20.10 (200 "OK" with API-Version 1.41),
so the client connects; every other GET gets the reply MODE names:

  502       502 Bad Gateway with an HTML body, as a proxy sends it
  json      200 with a body that is not JSON
  redirect  301 to another path
  big       200 with a Content-Length above the client's 64 MiB limit
  notfound  404 with the engine's {"message": ...} body
  version   /version fails with 500, the rest is an empty engine

Each GET path is appended to SOCKET.log, so a test can check what was
requested.
"""
import http.server
import json
import os
import socketserver
import sys

SOCKET, MODE = sys.argv[1], sys.argv[2]
LOG = SOCKET + ".log"

# The replies of an engine without containers, for MODE "version".
EMPTY = {
    "/info": {"ID": "BROK:ENEN:GINE", "Name": "broken", "Swarm":
              {"LocalNodeState": "inactive"}},
    "/containers/json": [],
    "/images/json": [],
    "/networks": [],
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, body, content_type="application/json",
              headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if data:
            self.wfile.write(data)

    def do_GET(self):
        with open(LOG, "a") as log:
            log.write(self.path + "\n")
        if self.path == "/_ping":
            self.reply(200, "OK", "text/plain",
                       [("API-Version", "1.41"), ("OSType", "linux")])
            return
        path = self.path.split("?")[0]
        if path.startswith("/v1.41"):
            path = path[len("/v1.41"):]
        if MODE == "502":
            self.reply(502, "<html><body><h1>502 Bad Gateway</h1>"
                       "</body></html>", "text/html")
        elif MODE == "json":
            self.reply(200, "<html>not JSON")
        elif MODE == "redirect":
            self.reply(301, "", "text/plain", [("Location", "/elsewhere")])
        elif MODE == "big":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(70 << 20))
            self.end_headers()
            self.close_connection = True
        elif MODE == "notfound":
            self.reply(404, json.dumps({"message": "page not found"}))
        elif MODE == "version" and path in EMPTY:
            self.reply(200, json.dumps(EMPTY[path]))
        else:
            self.reply(500, json.dumps({"message": "internal error"}))

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


if os.path.exists(SOCKET):
    os.unlink(SOCKET)
Server(SOCKET, Handler).serve_forever()
