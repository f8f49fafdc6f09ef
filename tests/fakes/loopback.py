"""The part every fake platform shares: a threaded pytest-httpserver on 127.0.0.1 that
hands the requests of one path (or pattern) to the fake's handler."""
from __future__ import annotations

import json

from pytest_httpserver import HTTPServer
from werkzeug import Response


class LoopbackServer:
    def _serve(self, path, handler, method: str = "__ALL") -> None:
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.server.expect_request(path, method=method).respond_with_handler(handler)

    def start(self):
        self.server.start()
        return self

    def stop(self) -> None:
        if self.server.is_running():
            self.server.stop()

    @staticmethod
    def _json(payload: dict) -> Response:
        return Response(json.dumps(payload, ensure_ascii=False),
                        content_type="application/json; charset=UTF-8")
