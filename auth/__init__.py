"""Users, roles and what each role may open. No Streamlit here."""
