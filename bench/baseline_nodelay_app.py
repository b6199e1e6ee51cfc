import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from atlas.ui import patches  # noqa: E402

patches.install([])  # the app's server settings, TCP_NODELAY on every connection among them

st.write("Hello")
