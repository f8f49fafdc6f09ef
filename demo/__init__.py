"""The demo company: a year of all-employee marketing for a ~450-person Chinese company.

    from demo import write_demo_csvs, load_demo
    write_demo_csvs(Path("out"), seed=7)   # ten CSV files in the import format
    load_demo(engine)                       # imported through data_access.importing

The storyline (which department triggers which alert in which month) is in demo.catalog.
"""
from .company import generate_tables, load_demo, write_demo_csvs

__all__ = ["generate_tables", "load_demo", "write_demo_csvs"]
