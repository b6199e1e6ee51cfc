"""The yardstick for filter change to redrawn: the one-line app with the app's server settings and a year
slider (bench/run.py moves it as it moves each page's), so the browser's and Streamlit's own floor shows."""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from atlas.ui import patches  # noqa: E402

patches.install([])  # the app's server settings, TCP_NODELAY on every connection among them

st.title("Hello")
years = st.slider("Years", 2000, 2026, (2000, 2026), key="years")
st.write(f"{years[0]}-{years[1]}")
