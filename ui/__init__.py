"""What the pages share, with Streamlit: the session's state and sign-in."""
