"""Everything that knows SQL: models, migrations, import, the query layer. No Streamlit here."""
