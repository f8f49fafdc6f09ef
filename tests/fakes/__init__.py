"""Fake platform servers on 127.0.0.1 that answer in the platforms' documented shapes."""
