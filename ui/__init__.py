"""Streamlit glue shared by the pages: session, gate, formatting, charts, tables."""
