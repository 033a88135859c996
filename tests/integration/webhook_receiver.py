#!/usr/bin/env python3
"""A webhook receiver on loopback for the watch tests.

Listens on 127.0.0.1 on a free port, writes the port to PORT_FILE, and
appends one JSON line per POST to LOG_FILE: {"received_ns": ..., "body":
...}. With FAIL_FIRST=N in the environment the first N requests get HTTP
503, so retries can be tested.
"""
import http.server
import json
import os
import sys
import time

PORT_FILE, LOG_FILE = sys.argv[1], sys.argv[2]
fail_first = int(os.environ.get("FAIL_FIRST", "0"))
seen = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        received = time.time_ns()
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        seen += 1
        if seen <= fail_first:
            self.send_response(503)
            self.end_headers()
            return
        with open(LOG_FILE, "a") as log:
            log.write(json.dumps({"received_ns": received,
                                  "authorization": self.headers.get("Authorization"),
                                  "body": json.loads(body)}) + "\n")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
