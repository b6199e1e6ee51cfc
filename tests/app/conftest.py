import os
from pathlib import Path

import pytest
import streamlit as st

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_cache_and_cwd():
    os.chdir(ROOT)
    st.cache_data.clear()
    yield
    st.cache_data.clear()
