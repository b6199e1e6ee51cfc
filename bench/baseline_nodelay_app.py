import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import atlas.ui.hardening  # noqa: E402, F401  (the app's server settings: TCP_NODELAY on every connection)

st.write("Hello")
